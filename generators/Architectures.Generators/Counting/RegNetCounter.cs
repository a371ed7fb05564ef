using System.Collections.Generic;
using System.Linq;
using Architectures.Generators.Model;
using static Architectures.Generators.Counting.Layers;

namespace Architectures.Generators.Counting;

/// <summary>The arithmetic of RegNets (torchvision's layout: stem, trunk_output.blockS.blockS-U, fc).</summary>
internal static class RegNetCounter
{
    public static NetworkPlan Plan(RegNetModel model)
    {
        var rows = new List<LayerRow>();
        var units = new List<RegNetUnitPlan>();
        int size = OutputSize(model.InputSize, 3, 2, 1);
        rows.Add(Conv("stem.0", model.InputChannels, model.StemChannels, 3, 2, size, depth: 0));
        rows.Add(Norm("stem.1", model.StemChannels, size, depth: 0));

        long inChannels = model.StemChannels;
        for (int s = 0; s < model.Depths.Count; s++)
        {
            string stage = $"trunk_output.block{s + 1}";
            var stageRows = new List<LayerRow>();
            long width = model.Widths[s];
            for (int i = 0; i < model.Depths[s]; i++)
            {
                int stride = i == 0 ? 2 : 1;
                int outSize = OutputSize(size, 3, stride, 1);
                bool projection = inChannels != width || stride != 1;
                string prefix = $"{stage}.block{s + 1}-{i}";
                var children = new List<LayerRow>();
                if (projection)
                {
                    children.Add(Conv(prefix + ".proj.0", inChannels, width, 1, stride, outSize));
                    children.Add(Norm(prefix + ".proj.1", width, outSize));
                }
                // torchvision's BottleneckTransform: a (1×1 to w_b), b (grouped 3×3), SE on w_b squeezing the block input, c (1×1 back).
                long bottleneck = Scaling.BottleneckWidth(width, model.BottleneckMultiplier);
                long groups = bottleneck / model.GroupWidths[s];
                children.Add(Conv(prefix + ".f.a.0", inChannels, bottleneck, 1, 1, size));
                children.Add(Norm(prefix + ".f.a.1", bottleneck, size));
                children.Add(Conv(prefix + ".f.b.0", bottleneck, bottleneck, 3, stride, outSize, groups));
                children.Add(Norm(prefix + ".f.b.1", bottleneck, outSize));
                SEPlan? se = model.SE is { } knobs ? SEPlan.Create(knobs, bottleneck, inChannels, bottleneck, width, outSize) : null;
                if (se is not null) children.Add(Excitation(prefix + ".f.se", se));
                children.Add(Conv(prefix + ".f.c.0", bottleneck, width, 1, 1, outSize));
                children.Add(Norm(prefix + ".f.c.1", width, outSize));
                units.Add(new RegNetUnitPlan(s + 1, i, inChannels, width, bottleneck, groups, stride, projection, se, outSize));
                stageRows.Add(Container(prefix, "ResBottleneckBlock" + (se is not null ? " + SE" : ""), 1, children));
                stageRows.AddRange(children);
                inChannels = width;
                size = outSize;
            }
            rows.Add(Container(stage, $"AnyStage ×{model.Depths[s]}", 0, stageRows));
            rows.AddRange(stageRows);
        }
        rows.Add(new LayerRow("avgpool", "global average pool", Shape(inChannels), 0, 0, 0));
        rows.Add(Linear("fc", inChannels, model.Classes));
        return new NetworkPlan(model, model.InputChannels, model.InputSize, model.Classes, Describe(model), rows) { RegNetUnits = units };
    }

    public static string Describe(RegNetModel model) =>
        $"RegNet{(model.SE is null ? "X" : "Y")}, depths {string.Join("-", model.Depths)}, widths {string.Join("-", model.Widths)}, " +
        $"group width {(model.GroupWidths.All(g => g == model.GroupWidth) ? model.GroupWidth.ToString(System.Globalization.CultureInfo.InvariantCulture) : Scaling.Join(model.GroupWidths))}, " +
        (model.BottleneckMultiplier != 1.0 ? $"bottleneck ×{model.BottleneckMultiplier.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}, " : "") +
        $"{model.Classes} classes, {(model.SE is null ? "no SE" : ExcitationCounter.DescribeKnobs(model.SE))}";
}
