using System.Collections.Generic;
using System.Linq;
using Architectures.Generators.Counting;
using Architectures.Generators.Model;

namespace Architectures.Generators.Emit;

/// <summary>
/// Writes a declared residual network as a TorchSharp module: fields named as torchvision/timm name them, a
/// constructor that builds every unit explicitly, a straight-line forward, and the counts from <see cref="NetworkPlan"/>.
/// </summary>
internal static class ResNetEmitter
{
    public static string EmitModule(NetworkPlan plan)
    {
        var model = (ResNetModel)plan.Model;
        IndentedWriter w = ModuleWriter.BeginModule(plan);
        bool pooled = model.Stem != Stem.SmallImage;
        w.Line(model.Stem == Stem.Deep ? "private readonly Sequential conv1;" : "private readonly Conv2d conv1;")
         .Line("private readonly SafeBatchNorm2d bn1;");
        if (pooled) w.Line("private readonly MaxPool2d maxpool;");
        foreach (StageModel stage in model.Stages) w.Line($"private readonly Sequential layer{stage.Number};");
        w.Line("private readonly Linear fc;").Line();

        w.Open($"public {model.Identifier}() : base(nameof({model.Identifier}))");
        if (model.Stem == Stem.ImageNet)
        {
            w.Line($"conv1 = Conv2d({model.InputChannels}, {plan.StemChannels}, kernel_size: 7, stride: 2, padding: 3, bias: false);")
             .Line($"bn1 = new SafeBatchNorm2d({plan.StemChannels});")
             .Line("maxpool = MaxPool2d(kernel_size: 3, stride: 2, padding: 1);");
        }
        else if (model.Stem == Stem.Deep)
        {
            w.Line($"conv1 = Layers.DeepStem({model.InputChannels}, stemWidth: {ResNetCounter.DeepStemWidth(plan.StemChannels)}, outChannels: {plan.StemChannels});")
             .Line($"bn1 = new SafeBatchNorm2d({plan.StemChannels});")
             .Line("maxpool = MaxPool2d(kernel_size: 3, stride: 2, padding: 1);");
        }
        else
        {
            w.Line($"conv1 = Conv2d({model.InputChannels}, {plan.StemChannels}, kernel_size: 3, stride: 1, padding: 1, bias: false);")
             .Line($"bn1 = new SafeBatchNorm2d({plan.StemChannels});");
        }
        foreach (StageModel stage in model.Stages)
        {
            w.Line().Line($"layer{stage.Number} = Sequential(").Indent();
            var units = plan.Units.Where(u => u.Stage == stage.Number).ToList();
            for (int i = 0; i < units.Count; i++)
            {
                string[] lines = Unit(model, units[i]);
                for (int j = 0; j < lines.Length; j++)
                {
                    string end = j < lines.Length - 1 ? "" : i < units.Count - 1 ? "," : ");";
                    w.Line((j > 0 ? "    " : "") + lines[j] + end);
                }
            }
            w.Outdent();
        }
        w.Line()
         .Line($"fc = Linear({plan.FinalChannels}, {model.Classes});")
         .Line()
         .Line("RegisterComponents();")
         .Line("Layers.InitializeResNet(this);")
         .Close()
         .Line();

        ModuleWriter.BeginForward(w);
        w.Line(pooled
            ? "var x = maxpool.call(bn1.call(conv1.call(input)).relu_());"
            : "var x = bn1.call(conv1.call(input)).relu_();");
        foreach (StageModel stage in model.Stages) w.Line($"x = layer{stage.Number}.call(x);");
        w.Line("x = fc.call(x.mean(SpatialDims));")
         .Line("return x.MoveToOuterDisposeScope();")
         .Close()
         .Close();
        return w.ToString();
    }

    /// <summary>A unit's constructor call: the convolution arguments, then (on a second line) its SE block.</summary>
    private static string[] Unit(ResNetModel model, UnitPlan unit)
    {
        var arguments = new List<string>();
        if (model.Block == Block.Bottleneck)
        {
            arguments.Add($"{unit.InChannels}, width: {unit.Width}, outChannels: {unit.OutChannels}");
            if (unit.Stride != 1) arguments.Add($"stride: {unit.Stride}");
            if (unit.Groups != 1) arguments.Add($"groups: {unit.Groups}");
            if (model.StrideOn == StrideOn.FirstConv1x1) arguments.Add("strideOn: StrideOn.FirstConv1x1");
        }
        else
        {
            arguments.Add($"{unit.InChannels}, planes: {unit.OutChannels}");
            if (unit.Stride != 1) arguments.Add($"stride: {unit.Stride}");
        }
        if (unit.HasProjection)
        {
            string projection = model.Shortcut == Shortcut.AveragePool ? "AveragePoolProjection" : "Projection";
            arguments.Add($"downsample: Layers.{projection}({unit.InChannels}, {unit.OutChannels}, stride: {unit.Stride})");
        }
        string type = model.Block == Block.Bottleneck ? "Bottleneck" : "BasicBlock";
        string call = $"new {type}({string.Join(", ", arguments)}";
        if (unit.SE is not { } se) return new[] { call + ")" };
        string placement = se.Knobs.Placement != SEPlacement.Standard ? $", placement: SEPlacement.{se.Knobs.Placement}" : "";
        return new[] { call + ",", $"se: {ExcitationEmitter.Construct(se)}{placement})" };
    }
}
