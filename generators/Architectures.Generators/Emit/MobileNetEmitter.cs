using System.Collections.Generic;
using System.Linq;
using Architectures.Generators.Counting;
using Architectures.Generators.Model;

namespace Architectures.Generators.Emit;

/// <summary>Writes MobileNetV2/V3 and EfficientNet declarations as TorchSharp modules with torchvision's layout and keys.</summary>
internal static class MobileNetEmitter
{
    public static string EmitModule(NetworkPlan plan)
    {
        var model = (MobileNetModel)plan.Model;
        bool v3 = model.Style == MobileStyle.MobileNetV3;
        bool nested = model.Style == MobileStyle.EfficientNet;
        IndentedWriter w = ModuleWriter.BeginModule(plan);
        if (v3) w.Line("// torchvision's MobileNetV3 batch norms: eps 0.001, momentum 0.01.")
                 .Line("private static readonly BatchNormSettings Norm = new(Eps: 0.001, Momentum: 0.01);").Line();
        w.Line("private readonly Sequential features;")
         .Line("private readonly Sequential classifier;")
         .Line()
         .Open($"public {model.Identifier}() : base(nameof({model.Identifier}))")
         .Line("features = Sequential(").Indent();

        string norm = v3 ? ", norm: Norm" : "";
        var lines = new List<string>
        {
            $"ConvNormActivation.Create({model.InputChannels}, {model.StemChannels}, kernel: 3, stride: 2, activation: Activation.{model.StemActivation}{norm})",
        };
        if (v3)
        {
            lines.AddRange(plan.MobileUnits.Select(u => Unit(model, u, norm)));
        }
        else if (!nested)
        {
            lines.AddRange(plan.MobileUnits.Select(u => Unit(model, u, norm)));
        }
        else
        {
            foreach (var stage in plan.MobileUnits.GroupBy(u => u.Unit.Stage))
                lines.Add("Sequential(\n    " + string.Join(",\n    ", stage.Select(u => Unit(model, u, norm).Replace("\n", "\n    "))) + ")");
        }
        long last = model.Units[model.Units.Count - 1].OutChannels;
        lines.Add($"ConvNormActivation.Create({last}, {MobileNetCounter.HeadChannels(model)}, kernel: 1, activation: Activation.{model.StemActivation}{norm})");
        WriteList(w, lines);
        w.Outdent().Line();

        w.Line("classifier = Sequential(").Indent();
        if (v3)
        {
            WriteList(w, new[]
            {
                $"Linear({MobileNetCounter.HeadChannels(model)}, {model.LastChannel})",
                "Nonlinearities.Module(Activation.HardSwish)",
                $"Dropout({ModuleWriter.Double(model.Dropout)})",
                $"Linear({model.LastChannel}, {model.Classes})",
            });
        }
        else
        {
            WriteList(w, new[] { $"Dropout({ModuleWriter.Double(model.Dropout)})", $"Linear({MobileNetCounter.HeadChannels(model)}, {model.Classes})" });
        }
        w.Outdent()
         .Line()
         .Line("RegisterComponents();")
         .Line(nested ? "Initialization.Torchvision(this, uniformLinear: true);" : "Initialization.Torchvision(this);")
         .Close()
         .Line();

        ModuleWriter.BeginForward(w);
        w.Line("var x = features.call(input);")
         .Line("x = classifier.call(x.mean(SpatialDims));")
         .Line("return x.MoveToOuterDisposeScope();")
         .Close()
         .Close();
        return w.ToString();
    }

    /// <summary>Writes a comma-separated list of (possibly multi-line) expressions, closing the call on the last.</summary>
    private static void WriteList(IndentedWriter w, IReadOnlyList<string> items)
    {
        for (int i = 0; i < items.Count; i++)
        {
            string[] lines = items[i].Split('\n');
            for (int j = 0; j < lines.Length; j++)
                w.Line(lines[j] + (j < lines.Length - 1 ? "" : i < items.Count - 1 ? "," : ");"));
        }
    }

    /// <summary>One inverted residual: its layers in torchvision's order, one per line.</summary>
    private static string Unit(MobileNetModel model, MobileUnitPlan plan, string norm)
    {
        MobileUnitModel u = plan.Unit;
        var layers = new List<string>();
        if (plan.HasExpansion)
            layers.Add($"ConvNormActivation.Create({u.InChannels}, {u.Expanded}, kernel: 1, activation: Activation.{u.Activation}{norm})");
        string stride = u.Stride != 1 ? $", stride: {u.Stride}" : "";
        layers.Add($"ConvNormActivation.Create({u.Expanded}, {u.Expanded}, kernel: {u.Kernel}{stride}, groups: {u.Expanded}, activation: Activation.{u.Activation}{norm})");
        if (plan.SE is { } se) layers.Add(ExcitationEmitter.Construct(se));
        string residual = plan.HasResidual ? "true" : "false";
        if (model.Style == MobileStyle.MobileNetV2)
        {
            // torchvision's MobileNetV2 projects with a bare convolution and batch norm.
            layers.Add($"Conv2d({u.Expanded}, {u.OutChannels}, kernel_size: 1, bias: false)");
            layers.Add($"new SafeBatchNorm2d({u.OutChannels})");
            return $"InvertedResidual.MobileNetV2(residual: {residual},\n    " + string.Join(",\n    ", layers) + ")";
        }
        layers.Add($"ConvNormActivation.Create({u.Expanded}, {u.OutChannels}, kernel: 1, activation: null{norm})");
        string drop = plan.DropProbability > 0 ? $", dropProbability: {ModuleWriter.Double(plan.DropProbability)}" : "";
        return $"new InvertedResidual(residual: {residual}{drop},\n    " + string.Join(",\n    ", layers) + ")";
    }
}
