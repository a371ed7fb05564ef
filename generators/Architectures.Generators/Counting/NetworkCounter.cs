using System.Collections.Generic;
using System.Linq;
using Architectures.Generators.Model;

namespace Architectures.Generators.Counting;

/// <summary>
/// The arithmetic of parameters, multiply-adds and shapes: the one source of truth for the emitted constants,
/// the per-layer report and the diagnostics. Multiply-adds count convolutions and fully-connected layers
/// (one per weight use), plus the SE block's squeeze (one add per input element) and scale (one multiply
/// per element); batch norm, ReLU, pooling and the residual add are not counted (the papers' convention).
/// </summary>
internal static class NetworkCounter
{
    public const int BottleneckExpansion = 4;

    public static long ConvParameters(long inChannels, long outChannels, int kernel, long groups = 1, bool bias = false) =>
        outChannels * (inChannels / groups) * kernel * kernel + (bias ? outChannels : 0);

    public static long ConvMultiplyAdds(long inChannels, long outChannels, int kernel, int outputSize, long groups = 1) =>
        outChannels * outputSize * outputSize * (inChannels / groups) * kernel * kernel;

    public static long BatchNormParameters(long channels) => 2 * channels;

    public static long LinearParameters(long inFeatures, long outFeatures) => inFeatures * outFeatures + outFeatures;

    public static long LinearMultiplyAdds(long inFeatures, long outFeatures) => inFeatures * outFeatures;

    /// <summary>The excitation's hidden width C / r, rounded down as senet.py does (C // r).</summary>
    public static long ReducedChannels(long channels, int reduction) => channels / reduction;

    /// <summary>Two 1×1 convolutions C → C/r → C (2C²/r weights, Eq. 5) plus C/r + C biases when present.</summary>
    public static long SEParameters(long channels, long reduced, bool bias) =>
        2 * channels * reduced + (bias ? reduced + channels : 0);

    /// <summary>Squeeze (C·H·W adds), excitation (2·C·C/r) and scale (C·H·W multiplies).</summary>
    public static long SEMultiplyAdds(long channels, long reduced, int size) =>
        2 * channels * reduced + 2 * channels * size * size;

    public static int ConvOutputSize(int size, int kernel, int stride, int padding) => (size + 2 * padding - kernel) / stride + 1;

    /// <summary>The bottleneck width: planes · BaseWidth / 64 · Cardinality (torchvision), or the planes of a basic unit.</summary>
    public static long UnitWidth(NetworkModel model, int planes) =>
        model.Block == BlockKind.Bottleneck ? (long)planes * model.BaseWidth / 64 * model.Cardinality : planes;

    public static long UnitOutput(NetworkModel model, int planes) =>
        model.Block == BlockKind.Bottleneck ? (long)planes * BottleneckExpansion : planes;

    /// <summary>The spatial size after the stem, or 0 when the input is too small for it.</summary>
    public static int StemOutputSize(NetworkModel model) =>
        model.Stem == StemKind.ImageNet
            ? ConvOutputSize(ConvOutputSize(model.InputSize, 7, 2, 3), 3, 2, 1)
            : ConvOutputSize(model.InputSize, 3, 1, 1);

    /// <summary>The channels an SE block squeezes, given where it sits in the unit.</summary>
    public static long SEChannels(Placement placement, long inChannels, long width, long outChannels) =>
        placement switch
        {
            Placement.Pre => inChannels,
            Placement.AfterConv3x3 => width,
            _ => outChannels,
        };

    /// <summary>Resolves every unit, row and total. The model must be valid (see the parser).</summary>
    public static NetworkPlan Plan(NetworkModel model)
    {
        var rows = new List<LayerRow>();
        var units = new List<UnitPlan>();
        int stemChannels = model.Stages[0].Planes;
        int size;
        if (model.Stem == StemKind.ImageNet)
        {
            int convSize = ConvOutputSize(model.InputSize, 7, 2, 3);
            rows.Add(new LayerRow("conv1", "Conv2d 7×7/2", Shape(stemChannels, convSize),
                ConvParameters(model.InputChannels, stemChannels, 7),
                ConvMultiplyAdds(model.InputChannels, stemChannels, 7, convSize), 0));
            rows.Add(new LayerRow("bn1", "BatchNorm2d", Shape(stemChannels, convSize), BatchNormParameters(stemChannels), 0, 0));
            size = ConvOutputSize(convSize, 3, 2, 1);
            rows.Add(new LayerRow("maxpool", "MaxPool2d 3×3/2", Shape(stemChannels, size), 0, 0, 0));
        }
        else
        {
            size = model.InputSize;
            rows.Add(new LayerRow("conv1", "Conv2d 3×3", Shape(stemChannels, size),
                ConvParameters(model.InputChannels, stemChannels, 3),
                ConvMultiplyAdds(model.InputChannels, stemChannels, 3, size), 0));
            rows.Add(new LayerRow("bn1", "BatchNorm2d", Shape(stemChannels, size), BatchNormParameters(stemChannels), 0, 0));
        }
        int stemSize = size;

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
                int outSize = ConvOutputSize(size, 3, stride, 1);
                bool projection = index == 0 && (stride != 1 || inChannels != outChannels);
                SEPlan? se = null;
                if (stage.SE is { } knobs && knobs.Placement != Placement.None)
                {
                    long channels = SEChannels(knobs.Placement, inChannels, width, outChannels);
                    se = new SEPlan(knobs, channels, ReducedChannels(channels, knobs.Reduction),
                        knobs.Placement == Placement.Pre ? size : outSize);
                }
                var unit = new UnitPlan(stage.Number, index, inChannels, width, outChannels, stride,
                    model.Block == BlockKind.Bottleneck ? model.Cardinality : 1, projection, se, size, outSize);
                units.Add(unit);
                AddUnitRows(model, unit, $"{layer}.{index}", stageRows);
                inChannels = outChannels;
                size = outSize;
            }
            rows.Add(Container(layer, $"Sequential ×{stage.Blocks}", 0, stageRows));
            rows.AddRange(stageRows);
        }

        rows.Add(new LayerRow("avgpool", "global average pool", Shape(inChannels), 0, 0, 0));
        rows.Add(new LayerRow("fc", "Linear", Shape(model.Classes),
            LinearParameters(inChannels, model.Classes), LinearMultiplyAdds(inChannels, model.Classes), 0));

        var leaves = rows.Where(r => !r.IsContainer).ToList();
        return new NetworkPlan(model, stemChannels, stemSize, units, rows,
            leaves.Sum(r => r.Parameters),
            leaves.Where(r => r.Name.EndsWith(".se")).Sum(r => r.Parameters),
            leaves.Sum(r => r.MultiplyAdds),
            inChannels);
    }

    private const string SEKind = "SqueezeExcitation";

    private static void AddUnitRows(NetworkModel model, UnitPlan unit, string prefix, List<LayerRow> stageRows)
    {
        var children = new List<LayerRow>();
        Placement placement = unit.SE?.Knobs.Placement ?? Placement.None;
        if (placement == Placement.Pre) children.Add(SERow(prefix, unit.SE!));

        if (model.Block == BlockKind.Bottleneck)
        {
            bool strideOnFirst = model.StrideOn == StrideOnKind.FirstConv1x1;
            int firstSize = strideOnFirst ? unit.OutputSize : unit.InputSize;
            children.Add(Conv(prefix + ".conv1", unit.InChannels, unit.Width, 1, strideOnFirst ? unit.Stride : 1, firstSize));
            children.Add(Norm(prefix + ".bn1", unit.Width, firstSize));
            children.Add(Conv(prefix + ".conv2", unit.Width, unit.Width, 3, strideOnFirst ? 1 : unit.Stride, unit.OutputSize, unit.Groups));
            children.Add(Norm(prefix + ".bn2", unit.Width, unit.OutputSize));
            if (placement == Placement.AfterConv3x3) children.Add(SERow(prefix, unit.SE!));
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

        if (placement is Placement.Standard or Placement.Identity or Placement.Post) children.Add(SERow(prefix, unit.SE!));
        if (unit.HasProjection)
        {
            children.Add(Conv(prefix + ".downsample.0", unit.InChannels, unit.OutChannels, 1, unit.Stride, unit.OutputSize));
            children.Add(Norm(prefix + ".downsample.1", unit.OutChannels, unit.OutputSize));
        }

        string kind = model.Block == BlockKind.Bottleneck ? "Bottleneck" : "BasicBlock";
        if (unit.SE is not null) kind += $" + SE ({placement})";
        stageRows.Add(Container(prefix, kind, 1, children));
        stageRows.AddRange(children.Select(c => c with { Depth = 2 }));
    }

    private static LayerRow Conv(string name, long inChannels, long outChannels, int kernel, int stride, int outputSize, long groups = 1)
    {
        string kind = $"Conv2d {kernel}×{kernel}" + (stride != 1 ? $"/{stride}" : "") + (groups != 1 ? $" g{groups}" : "");
        return new LayerRow(name, kind, Shape(outChannels, outputSize),
            ConvParameters(inChannels, outChannels, kernel, groups),
            ConvMultiplyAdds(inChannels, outChannels, kernel, outputSize, groups), 2);
    }

    private static LayerRow Norm(string name, long channels, int size) =>
        new(name, "BatchNorm2d", Shape(channels, size), BatchNormParameters(channels), 0, 2);

    private static LayerRow SERow(string prefix, SEPlan se) =>
        new(prefix + ".se", $"{SEKind} {se.Channels}→{se.ReducedChannels}", Shape(se.Channels, se.Size),
            SEParameters(se.Channels, se.ReducedChannels, se.Knobs.Bias),
            SEMultiplyAdds(se.Channels, se.ReducedChannels, se.Size), 2);

    private static LayerRow Container(string name, string kind, int depth, List<LayerRow> contents)
    {
        var leaves = contents.Where(r => !r.IsContainer).ToList();
        return new LayerRow(name, kind, contents.Last().OutputShape, leaves.Sum(r => r.Parameters),
            leaves.Sum(r => r.MultiplyAdds), depth, IsContainer: true);
    }

    private static int[] Shape(long channels, int size) => new[] { (int)channels, size, size };

    private static int[] Shape(long features) => new[] { (int)features };
}
