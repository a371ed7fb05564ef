using System;
using System.Collections.Generic;
using System.Linq;

namespace Architectures.Generators.Counting;

/// <summary>
/// The scaling rules that turn a few numbers into a whole network, as torchvision computes them: EfficientNet's
/// compound width/depth multipliers and RegNet's quantised-linear widths. The parser and the known-model table both
/// use these, so a declaration and the model it is compared with are built the same way.
/// </summary>
internal static class Scaling
{
    /// <summary>torchvision's channel divisor for scaled widths (EfficientNet, RegNet's quantisation).</summary>
    public const int ChannelDivisor = 8;

    /// <summary>One MBConv stage as written: expand ratio, kernel, stride, output width, units.</summary>
    public readonly record struct MBConvStage(int ExpandRatio, int Kernel, int Stride, int Output, int Layers);

    /// <summary>EfficientNet-B0's stages (torchvision's <c>_efficientnet_conf</c>, the paper's Table 1).</summary>
    public static readonly MBConvStage[] EfficientNetB0Stages =
    {
        new(1, 3, 1, 16, 1),
        new(6, 3, 2, 24, 2),
        new(6, 5, 2, 40, 2),
        new(6, 3, 2, 80, 3),
        new(6, 5, 1, 112, 3),
        new(6, 5, 2, 192, 4),
        new(6, 3, 1, 320, 1),
    };

    /// <summary>torchvision's <c>adjust_channels</c>: make_divisible(channels × multiplier, 8).</summary>
    public static long ScaleWidth(long channels, double multiplier) =>
        ChannelRounding.MakeDivisible(channels * multiplier, ChannelDivisor, ChannelDivisor, 0.9);

    /// <summary>torchvision's <c>adjust_depth</c>: ⌈layers × multiplier⌉.</summary>
    public static long ScaleDepth(long layers, double multiplier) => (long)Math.Ceiling(layers * multiplier);

    /// <summary>RegNet stages: units, output width and group width of each.</summary>
    public readonly record struct RegNetStages(int[] Depths, int[] Widths, int[] GroupWidths);

    /// <summary>
    /// torchvision's <c>BlockParams.from_init_params</c>: continuous widths w₀ + wₐ·j, quantised in log space to
    /// w₀·wₘ^k and to multiples of 8; consecutive units of one width form a stage; then widths and group widths are
    /// made compatible (<c>_adjust_widths_groups_compatibilty</c>). Computed in single precision, as torch does.
    /// </summary>
    public static RegNetStages QuantisedLinear(int depth, int initialWidth, double slope, double multiplier, int groupWidth, double bottleneck)
    {
        const float quant = ChannelDivisor;
        float w0 = initialWidth, wa = (float)slope;
        float logWm = (float)Math.Log(multiplier);
        var blockWidths = new int[depth];
        for (int j = 0; j < depth; j++)
        {
            float continuous = j * wa + w0;
            float capacity = RoundHalfEven((float)Math.Log(continuous / w0) / logWm);
            float width = w0 * (float)Math.Pow((float)multiplier, capacity);
            blockWidths[j] = (int)(RoundHalfEven(width / quant) * quant);
        }

        var depths = new List<int>();
        var widths = new List<int>();
        for (int j = 0; j < depth; j++)
        {
            if (j == 0 || blockWidths[j] != blockWidths[j - 1])
            {
                widths.Add(blockWidths[j]);
                depths.Add(0);
            }
            depths[depths.Count - 1]++;
        }

        var groups = new int[widths.Count];
        for (int s = 0; s < widths.Count; s++)
        {
            int bottleneckWidth = (int)(widths[s] * bottleneck);
            groups[s] = Math.Min(groupWidth, bottleneckWidth);
            long adjusted = ChannelRounding.MakeDivisible(bottleneckWidth, groups[s], groups[s], 0.9);
            widths[s] = (int)(adjusted / bottleneck);
        }
        return new RegNetStages(depths.ToArray(), widths.ToArray(), groups);
    }

    /// <summary>The grouped convolution's width in a RegNet unit: int(round(width × b)), Python's rounding.</summary>
    public static long BottleneckWidth(long width, double bottleneck) =>
        (long)Math.Round(width * bottleneck, MidpointRounding.ToEven);

    private static float RoundHalfEven(float value) => (float)Math.Round(value, MidpointRounding.ToEven);

    /// <summary>"48-104-208-440", for descriptions and messages.</summary>
    public static string Join(IEnumerable<int> values) => string.Join("-", values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
