using System.Collections.Generic;
using System.Linq;
using Architectures.Generators.Model;
using static Architectures.Generators.Counting.Layers;

namespace Architectures.Generators.Counting;

/// <summary>
/// The residual networks' arithmetic: units, shapes, report rows and totals, the one source of truth for the emitted
/// constants, the per-layer report and the diagnostics. Multiply-adds count convolutions and fully-connected layers
/// (one per weight use), plus each excitation's squeeze and scale (see <see cref="ExcitationCounter"/>); batch norm,
/// ReLU, pooling and the residual add are not counted (the papers' convention).
/// </summary>
internal static class ResNetCounter
{
    public const int BottleneckExpansion = 4;

    /// <summary>The bottleneck width: planes · BaseWidth / 64 · Cardinality (torchvision), or the planes of a basic unit.</summary>
    public static long UnitWidth(ResNetModel model, int planes) =>
        model.Block == Block.Bottleneck ? (long)planes * model.BaseWidth / 64 * model.Cardinality : planes;

    public static long UnitOutput(ResNetModel model, int planes) =>
        model.Block == Block.Bottleneck ? (long)planes * BottleneckExpansion : planes;

    /// <summary>The width of the deep stem's first two convolutions: half the first stage's (timm's stem_width).</summary>
    public static long DeepStemWidth(long stemChannels) => stemChannels / 2;

    /// <summary>The channels an SE block acts on, given where it sits in the unit.</summary>
    public static long SEChannels(SEPlacement placement, long inChannels, long width, long outChannels) =>
        placement switch
        {
            SEPlacement.Pre => inChannels,
            SEPlacement.AfterConv3x3 => width,
            _ => outChannels,
        };

    /// <summary>Resolves every unit, row and total. The model must be valid (see the parser).</summary>
    public static NetworkPlan Plan(ResNetModel model)
    {
        var rows = new List<LayerRow>();
        var units = new List<UnitPlan>();
        int stemChannels = model.Stages[0].Planes;
        int size;
        if (model.Stem == Stem.ImageNet)
        {
            int convSize = OutputSize(model.InputSize, 7, 2, 3);
            rows.Add(Conv("conv1", model.InputChannels, stemChannels, 7, 2, convSize, depth: 0));
            rows.Add(Norm("bn1", stemChannels, convSize, depth: 0));
            size = OutputSize(convSize, 3, 2, 1);
            rows.Add(new LayerRow("maxpool", "MaxPool2d 3×3/2", Shape(stemChannels, size), 0, 0, 0));
        }
        else if (model.Stem == Stem.Deep)
        {
            // timm's deep stem: 3×3/2 → w/2, 3×3 → w/2, 3×3 → w (conv1.0, .1, .3, .4, .6; ReLUs at .2, .5).
            long half = DeepStemWidth(stemChannels);
            int convSize = OutputSize(model.InputSize, 3, 2, 1);
            var stem = new List<LayerRow>
            {
                Conv("conv1.0", model.InputChannels, half, 3, 2, convSize, depth: 1),
                Norm("conv1.1", half, convSize, depth: 1),
                Conv("conv1.3", half, half, 3, 1, convSize, depth: 1),
                Norm("conv1.4", half, convSize, depth: 1),
                Conv("conv1.6", half, stemChannels, 3, 1, convSize, depth: 1),
            };
            rows.Add(Container("conv1", "Sequential deep stem", 0, stem));
            rows.AddRange(stem);
            rows.Add(Norm("bn1", stemChannels, convSize, depth: 0));
            size = OutputSize(convSize, 3, 2, 1);
            rows.Add(new LayerRow("maxpool", "MaxPool2d 3×3/2", Shape(stemChannels, size), 0, 0, 0));
        }
        else
        {
            size = model.InputSize;
            rows.Add(Conv("conv1", model.InputChannels, stemChannels, 3, 1, size, depth: 0));
            rows.Add(Norm("bn1", stemChannels, size, depth: 0));
        }

        long inChannels = stemChannels;
        foreach (StageModel stage in model.Stages)
        {
            string layer = "layer" + stage.Number;
            var stageRows = new List<LayerRow>();
            long width = UnitWidth(model, stage.Planes);
            long outChannels = UnitOutput(model, stage.Planes);
            for (int index = 0; index < stage.Blocks; index++)
            {
                int stride = index == 0 && stage.Number > 1 ? 2 : 1;
                int outSize = OutputSize(size, 3, stride, 1);
                bool projection = index == 0 && (stride != 1 || inChannels != outChannels);
                SEPlan? se = null;
                if (stage.SE is { } knobs && knobs.Placement != SEPlacement.None)
                {
                    long channels = SEChannels(knobs.Placement, inChannels, width, outChannels);
                    se = SEPlan.Create(knobs, channels, inChannels, width, outChannels, knobs.Placement == SEPlacement.Pre ? size : outSize);
                }
                var unit = new UnitPlan(stage.Number, index, inChannels, width, outChannels, stride,
                    model.Block == Block.Bottleneck ? model.Cardinality : 1, projection, se, size, outSize);
                units.Add(unit);
                AddUnitRows(model, unit, $"{layer}.{index}", stageRows);
                inChannels = outChannels;
                size = outSize;
            }
            rows.Add(Container(layer, $"Sequential ×{stage.Blocks}", 0, stageRows));
            rows.AddRange(stageRows);
        }

        rows.Add(new LayerRow("avgpool", "global average pool", Shape(inChannels), 0, 0, 0));
        rows.Add(Linear("fc", inChannels, model.Classes));

        return new NetworkPlan(model, model.InputChannels, model.InputSize, model.Classes, Describe(model), rows)
        {
            StemChannels = stemChannels,
            Units = units,
            FinalChannels = inChannels,
        };
    }

    private static void AddUnitRows(ResNetModel model, UnitPlan unit, string prefix, List<LayerRow> stageRows)
    {
        var children = new List<LayerRow>();
        SEPlacement placement = unit.SE?.Knobs.Placement ?? SEPlacement.None;
        if (placement == SEPlacement.Pre) children.Add(Excitation(prefix + ".se", unit.SE!));

        if (model.Block == Block.Bottleneck)
        {
            bool strideOnFirst = model.StrideOn == StrideOn.FirstConv1x1;
            int firstSize = strideOnFirst ? unit.OutputSize : unit.InputSize;
            children.Add(Conv(prefix + ".conv1", unit.InChannels, unit.Width, 1, strideOnFirst ? unit.Stride : 1, firstSize));
            children.Add(Norm(prefix + ".bn1", unit.Width, firstSize));
            children.Add(Conv(prefix + ".conv2", unit.Width, unit.Width, 3, strideOnFirst ? 1 : unit.Stride, unit.OutputSize, unit.Groups));
            children.Add(Norm(prefix + ".bn2", unit.Width, unit.OutputSize));
            if (placement == SEPlacement.AfterConv3x3) children.Add(Excitation(prefix + ".se", unit.SE!));
            children.Add(Conv(prefix + ".conv3", unit.Width, unit.OutChannels, 1, 1, unit.OutputSize));
            children.Add(Norm(prefix + ".bn3", unit.OutChannels, unit.OutputSize));
        }
        else
        {
            children.Add(Conv(prefix + ".conv1", unit.InChannels, unit.Width, 3, unit.Stride, unit.OutputSize));
            children.Add(Norm(prefix + ".bn1", unit.Width, unit.OutputSize));
            children.Add(Conv(prefix + ".conv2", unit.Width, unit.OutChannels, 3, 1, unit.OutputSize));
            children.Add(Norm(prefix + ".bn2", unit.OutChannels, unit.OutputSize));
        }

        if (placement is SEPlacement.Standard or SEPlacement.Identity or SEPlacement.Post) children.Add(Excitation(prefix + ".se", unit.SE!));
        if (unit.HasProjection && model.Shortcut == Shortcut.AveragePool)
        {
            // ResNet-D: the 2×2/2 average pool (ceil mode) is downsample.0, then a stride-1 1×1 convolution and BN.
            if (unit.Stride != 1)
                children.Add(new LayerRow(prefix + ".downsample.0", $"AvgPool2d 2×2/{unit.Stride}", Shape(unit.InChannels, unit.OutputSize), 0, 0, 2));
            children.Add(Conv(prefix + ".downsample.1", unit.InChannels, unit.OutChannels, 1, 1, unit.OutputSize));
            children.Add(Norm(prefix + ".downsample.2", unit.OutChannels, unit.OutputSize));
        }
        else if (unit.HasProjection)
        {
            children.Add(Conv(prefix + ".downsample.0", unit.InChannels, unit.OutChannels, 1, unit.Stride, unit.OutputSize));
            children.Add(Norm(prefix + ".downsample.1", unit.OutChannels, unit.OutputSize));
        }

        string kind = model.Block == Block.Bottleneck ? "Bottleneck" : "BasicBlock";
        if (unit.SE is not null) kind += $" + SE ({placement})";
        stageRows.Add(Container(prefix, kind, 1, children));
        stageRows.AddRange(children);
    }

    public static string Describe(ResNetModel model)
    {
        string units = string.Join("-", model.Stages.Select(s => s.Blocks));
        string kind = model.Block == Block.Bottleneck && model.Cardinality > 1
            ? $"ResNeXt {model.Cardinality}×{model.BaseWidth}d bottleneck"
            : model.Block == Block.Bottleneck ? "ResNet bottleneck" : "ResNet basic";
        string stride = model.Block == Block.Bottleneck
            ? (model.StrideOn == StrideOn.FirstConv1x1 ? ", stride on the first 1×1" : ", stride on the 3×3")
            : "";
        string stem = model.Stem switch
        {
            Stem.ImageNet => "ImageNet stem",
            Stem.Deep => "deep stem",
            _ => "small-image stem",
        };
        if (model.Shortcut == Shortcut.AveragePool) stem += ", average-pool shortcut";
        var withSE = model.Stages.Where(s => s.SE is not null).ToList();
        string se = withSE.Count == 0 ? "no SE" : string.Join(", ", withSE
            .GroupBy(s => s.SE)
            .Select(g => ExcitationCounter.DescribeKnobs(g.Key!) + $" ({g.Key!.Placement}) in stage{(g.Count() > 1 ? "s" : "")} {string.Join(",", g.Select(s => s.Number))}"));
        return $"{kind} units {units}{stride}, {stem}, {model.Classes} classes, {se}";
    }
}
