using System.Collections.Generic;
using System.Linq;

namespace Architectures.Generators.Counting;

/// <summary>
/// Parameters and multiply-adds of the standard layers, and the report rows that carry them. Every family's
/// counter builds its rows from these, so the arithmetic for a convolution or a batch norm exists once.
/// </summary>
internal static class Layers
{
    public static long ConvParameters(long inChannels, long outChannels, int kernel, long groups = 1, bool bias = false) =>
        outChannels * (inChannels / groups) * kernel * kernel + (bias ? outChannels : 0);

    public static long ConvMultiplyAdds(long inChannels, long outChannels, int kernel, int outputSize, long groups = 1) =>
        outChannels * outputSize * outputSize * (inChannels / groups) * kernel * kernel;

    public static long BatchNormParameters(long channels) => 2 * channels;

    public static long LinearParameters(long inFeatures, long outFeatures) => inFeatures * outFeatures + outFeatures;

    public static long LinearMultiplyAdds(long inFeatures, long outFeatures) => inFeatures * outFeatures;

    /// <summary>Output size of a convolution or pooling window.</summary>
    public static int OutputSize(int size, int kernel, int stride, int padding) => (size + 2 * padding - kernel) / stride + 1;

    /// <summary>A k×k convolution without bias, padded by k / 2.</summary>
    public static LayerRow Conv(string name, long inChannels, long outChannels, int kernel, int stride, int outputSize, long groups = 1, int depth = 2)
    {
        string kind = $"Conv2d {kernel}×{kernel}" + (stride != 1 ? $"/{stride}" : "") +
                      (groups == inChannels && groups == outChannels && groups > 1 ? " depthwise" : groups != 1 ? $" g{groups}" : "");
        return new LayerRow(name, kind, Shape(outChannels, outputSize),
            ConvParameters(inChannels, outChannels, kernel, groups),
            ConvMultiplyAdds(inChannels, outChannels, kernel, outputSize, groups), depth);
    }

    public static LayerRow Norm(string name, long channels, int size, int depth = 2) =>
        new(name, "BatchNorm2d", Shape(channels, size), BatchNormParameters(channels), 0, depth);

    public static LayerRow Linear(string name, long inFeatures, long outFeatures, int depth = 0) =>
        new(name, "Linear", Shape(outFeatures), LinearParameters(inFeatures, outFeatures), LinearMultiplyAdds(inFeatures, outFeatures), depth);

    public static LayerRow Excitation(string name, SEPlan se, int depth = 2) =>
        new(name, se.Kind, Shape(se.Channels, se.Size), se.Parameters, se.MultiplyAdds, depth, IsExcitation: true);

    /// <summary>A container row (stage, unit) summing its leaf rows.</summary>
    public static LayerRow Container(string name, string kind, int depth, IReadOnlyList<LayerRow> contents)
    {
        var leaves = contents.Where(r => !r.IsContainer).ToList();
        return new LayerRow(name, kind, contents[contents.Count - 1].OutputShape, leaves.Sum(r => r.Parameters),
            leaves.Sum(r => r.MultiplyAdds), depth, IsContainer: true);
    }

    public static int[] Shape(long channels, int size) => new[] { (int)channels, size, size };

    public static int[] Shape(long features) => new[] { (int)features };

    /// <summary>The plan's totals: parameters, SE parameters and multiply-adds over the leaf rows.</summary>
    public static (long Parameters, long SEParameters, long MultiplyAdds) Totals(IReadOnlyList<LayerRow> rows)
    {
        var leaves = rows.Where(r => !r.IsContainer).ToList();
        return (leaves.Sum(r => r.Parameters), leaves.Where(r => r.IsExcitation).Sum(r => r.Parameters), leaves.Sum(r => r.MultiplyAdds));
    }
}
