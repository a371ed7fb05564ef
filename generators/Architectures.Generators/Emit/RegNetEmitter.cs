using System.Collections.Generic;
using System.Linq;
using Architectures.Generators.Counting;
using Architectures.Generators.Model;

namespace Architectures.Generators.Emit;

/// <summary>Writes RegNet declarations as TorchSharp modules with torchvision's layout and keys.</summary>
internal static class RegNetEmitter
{
    public static string EmitModule(NetworkPlan plan)
    {
        var model = (RegNetModel)plan.Model;
        IndentedWriter w = ModuleWriter.BeginModule(plan);
        w.Line("private readonly Sequential stem;")
         .Line("private readonly Sequential trunk_output;")
         .Line("private readonly Linear fc;")
         .Line()
         .Open($"public {model.Identifier}() : base(nameof({model.Identifier}))")
         .Line($"stem = ConvNormActivation.Create({model.InputChannels}, {model.StemChannels}, kernel: 3, stride: 2);")
         .Line("trunk_output = Sequential(").Indent();
        var stages = plan.RegNetUnits.GroupBy(u => u.Stage).ToList();
        for (int s = 0; s < stages.Count; s++)
        {
            w.Line($"(\"block{stages[s].Key}\", Sequential(").Indent();
            var units = stages[s].ToList();
            for (int i = 0; i < units.Count; i++)
            {
                RegNetUnitPlan u = units[i];
                w.Line($"(\"block{u.Stage}-{u.Index}\", new ResBottleneckBlock(").Indent()
                 .Line("new BottleneckTransform(").Indent()
                 .Line($"a: ConvNormActivation.Create({u.InChannels}, {u.Bottleneck}, kernel: 1),")
                 .Line($"b: ConvNormActivation.Create({u.Bottleneck}, {u.Bottleneck}, kernel: 3{(u.Stride != 1 ? $", stride: {u.Stride}" : "")}, groups: {u.Groups}),")
                 .Line($"se: {(u.SE is { } se ? ExcitationEmitter.Construct(se) : "null")},")
                 .Line($"c: ConvNormActivation.Create({u.Bottleneck}, {u.OutChannels}, kernel: 1, activation: null))" +
                       (u.HasProjection ? "," : ""))
                 .Outdent();
                if (u.HasProjection) w.Line($"proj: ConvNormActivation.Create({u.InChannels}, {u.OutChannels}, kernel: 1, stride: {u.Stride}, activation: null)");
                w.Outdent().Line("))" + (i < units.Count - 1 ? "," : ""));
            }
            w.Outdent().Line("))" + (s < stages.Count - 1 ? "," : ");"));
        }
        w.Outdent()
         .Line($"fc = Linear({model.Widths[model.Widths.Count - 1]}, {model.Classes});")
         .Line()
         .Line("RegisterComponents();")
         .Line("Initialization.Torchvision(this);")
         .Close()
         .Line();

        ModuleWriter.BeginForward(w);
        w.Line("var x = trunk_output.call(stem.call(input));")
         .Line("x = fc.call(x.mean(SpatialDims));")
         .Line("return x.MoveToOuterDisposeScope();")
         .Close()
         .Close();
        return w.ToString();
    }
}
