using System;
using Architectures.Generators.Model;

namespace Architectures.Generators.Counting;

/// <summary>
/// The arithmetic of every excitation kind: hidden width, ECA kernel, parameters and multiply-adds. Multiply-adds
/// count the layers' weight uses, one add per squeezed element and one multiply per scaled element.
/// </summary>
internal static class ExcitationCounter
{
    /// <summary>Whether the kind has a hidden layer whose width the reduction sets.</summary>
    public static bool HasHiddenLayer(ExcitationKind kind) =>
        kind is ExcitationKind.SqueezeExcitation or ExcitationKind.CbamChannel or ExcitationKind.NoSqueeze or ExcitationKind.CoordinateAttention;

    /// <summary>Coordinate attention scales its reduction by timm's se_factor 2/3 (keeping its parameters near SE's).</summary>
    public static double ReductionInput(SEModel se, long reference) =>
        se.Kind == ExcitationKind.CoordinateAttention ? reference * (1.0 / se.Reduction) * (2.0 / 3) : (double)reference / se.Reduction;

    public static bool IsEca(ExcitationKind kind) => kind is ExcitationKind.ECA or ExcitationKind.CircularECA;

    /// <summary>The width the reduction divides, picked from the unit's widths.</summary>
    public static long ReferenceChannels(SEModel se, long channels, long blockInput, long expanded, long blockOutput) =>
        se.Reference switch
        {
            ReferenceKind.BlockInput => blockInput,
            ReferenceKind.Expanded => expanded,
            ReferenceKind.BlockOutput => blockOutput,
            _ => channels,
        };

    /// <summary>
    /// The hidden width: explicit, else reference / r rounded as declared — make_divisible(v, divisor) with
    /// torchvision's round limit when a divisor is given, floor or nearest (ties to even, as Python) otherwise —
    /// and at least MinChannels. 0 for kinds without a hidden layer.
    /// </summary>
    public static long ReducedChannels(SEModel se, long reference)
    {
        if (!HasHiddenLayer(se.Kind)) return 0;
        if (se.ReducedChannels > 0) return se.ReducedChannels;
        double v = ReductionInput(se, reference);
        if (se.Divisor > 0) return MakeDivisible(v, se.Divisor, se.MinChannels > 0 ? se.MinChannels : se.Divisor, se.RoundLimit);
        long rounded = se.Rounding == RoundingKind.Nearest
            ? (long)Math.Round(v, MidpointRounding.ToEven)
            : reference / se.Reduction;
        return Math.Max(rounded, se.MinChannels);
    }

    /// <summary>timm/torchvision make_divisible: nearest multiple of the divisor, not below min, not below limit · v.</summary>
    public static long MakeDivisible(double v, int divisor, int minimum, double roundLimit)
    {
        long value = Math.Max(minimum, (long)(v + divisor / 2.0) / divisor * divisor);
        if (value < roundLimit * v) value += divisor;
        return value;
    }

    /// <summary>ECA's adaptive kernel: t = ⌊|log₂C + 1| / 2⌋, made odd, at least 3 (timm, gamma 2, beta 1).</summary>
    public static int EcaKernel(long channels)
    {
        int t = (int)(Math.Abs(Math.Log(channels, 2) + 1) / 2);
        return Math.Max(t % 2 == 1 ? t : t + 1, 3);
    }

    public static long Parameters(SEModel se, long channels, long reduced) =>
        se.Kind switch
        {
            ExcitationKind.EffectiveSE => channels * channels + (se.Bias ? channels : 0),
            ExcitationKind.ECA or ExcitationKind.CircularECA => EcaKernel(channels),
            ExcitationKind.GatherExcite => 0,
            // conv1 C → h, bn1 (2h), conv_h and conv_w h → C.
            ExcitationKind.CoordinateAttention => 3 * channels * reduced + 2 * reduced + (se.Bias ? reduced + 2 * channels : 0),
            _ => 2 * channels * reduced + (se.Bias ? reduced + channels : 0),
        };

    public static long MultiplyAdds(SEModel se, long channels, long reduced, int size)
    {
        long map = channels * size * size;
        return se.Kind switch
        {
            ExcitationKind.EffectiveSE => channels * channels + 2 * map,
            ExcitationKind.ECA or ExcitationKind.CircularECA => EcaKernel(channels) * channels + 2 * map,
            ExcitationKind.GatherExcite => 2 * map,
            // Two squeezes (average and max) through the shared MLP, then the scale.
            ExcitationKind.CbamChannel => 4 * channels * reduced + 3 * map,
            // No squeeze: the two 1×1 layers run at every position.
            ExcitationKind.NoSqueeze => 2 * channels * reduced * size * size + map,
            // The encoder and both gates run on the H + W strip positions; two strip means, the gate product and the scale.
            ExcitationKind.CoordinateAttention => 2 * channels * reduced * (2L * size) + 4 * map,
            _ => 2 * channels * reduced + 2 * map,
        };
    }

    /// <summary>The knobs that differ from the paper's SE, for descriptions: "SE r=16", "ECA", "SE r=4 ÷8 HardSigmoid".</summary>
    public static string DescribeKnobs(SEModel se)
    {
        if (se.Variant is not null) return se.Variant.Substring(se.Variant.LastIndexOf('.') + 1);
        var parts = new System.Collections.Generic.List<string>
        {
            se.Kind switch
            {
                ExcitationKind.SqueezeExcitation => "SE",
                ExcitationKind.CbamChannel => "CBAM channel",
                _ => se.Kind.ToString(),
            },
        };
        if (HasHiddenLayer(se.Kind))
        {
            parts.Add(se.ReducedChannels > 0 ? $"width {se.ReducedChannels}" : $"r={se.Reduction}");
            if (se.Divisor > 0) parts.Add($"÷{se.Divisor}");
            if (se.Reference != ReferenceKind.Channels) parts.Add($"of {se.Reference}");
            if (se.Activation != ActivationKind.ReLU) parts.Add(se.Activation.ToString());
        }
        if (se.Squeeze != SqueezeKind.Average && se.Kind != ExcitationKind.CbamChannel) parts.Add(se.Squeeze.ToString());
        if (se.Gate != GateKind.Sigmoid) parts.Add(se.Gate.ToString());
        // CBAM's and coordinate attention's layers have no bias by default: say so only when they do.
        bool biasByDefault = se.Kind is not (ExcitationKind.CbamChannel or ExcitationKind.CoordinateAttention);
        if (HasHiddenLayer(se.Kind) && se.Bias != biasByDefault) parts.Add(se.Bias ? "bias" : "no bias");
        return string.Join(" ", parts);
    }

    /// <summary>A short description for report rows: "SqueezeExcitation 256→16", "ECA k=5", ….</summary>
    public static string Describe(SEModel se, long channels, long reduced) =>
        (se.Variant is null ? "" : se.Variant.Substring(se.Variant.LastIndexOf('.') + 1) + ": ") +
        se.Kind switch
        {
            ExcitationKind.EffectiveSE => $"EffectiveSE {channels}→{channels}",
            ExcitationKind.ECA => $"ECA {channels} k={EcaKernel(channels)}",
            ExcitationKind.CircularECA => $"CircularECA {channels} k={EcaKernel(channels)}",
            ExcitationKind.GatherExcite => $"GatherExcite {channels}",
            ExcitationKind.CbamChannel => $"CbamChannel {channels}→{reduced}",
            ExcitationKind.NoSqueeze => $"NoSqueeze {channels}→{reduced}",
            ExcitationKind.CoordinateAttention => $"CoordinateAttention {channels}→{reduced}",
            _ => $"SqueezeExcitation {channels}→{reduced}",
        };
}
