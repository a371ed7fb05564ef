using System;
using Architectures.Generators.Model;
using Architectures.Generators.Parsing;

namespace Architectures.Generators.Counting;

/// <summary>
/// The arithmetic of every excitation kind: hidden width, ECA kernel, parameters and multiply-adds. Multiply-adds
/// count the layers' weight uses, one add per squeezed element and one multiply per scaled element.
/// </summary>
internal static class ExcitationCounter
{
    /// <summary>
    /// The kind's row of the shared table. An undefined kind (a cast such as <c>(ExcitationKind)9</c>) is reported
    /// before anything is emitted; until then it reads as the paper's SE, so checks that run first cannot throw.
    /// </summary>
    public static ExcitationKindInfo Row(ExcitationKind kind) =>
        ExcitationKinds.TryGet(kind, out ExcitationKindInfo? row) ? row! : ExcitationKinds.Of(ExcitationKind.SqueezeExcitation);

    /// <summary>Whether the kind has a hidden layer whose width the reduction sets.</summary>
    public static bool HasHiddenLayer(ExcitationKind kind) => Row(kind).HasHiddenLayer;

    /// <summary>The width the reduction divides, picked from the unit's widths.</summary>
    public static long ReferenceChannels(SEModel se, long channels, long blockInput, long expanded, long blockOutput) =>
        se.Reference switch
        {
            ReferenceWidth.BlockInput => blockInput,
            ReferenceWidth.Expanded => expanded,
            ReferenceWidth.BlockOutput => blockOutput,
            _ => channels,
        };

    /// <summary>The hidden width by the shared rule (<see cref="ExcitationKindInfo.HiddenChannels"/>).</summary>
    public static long ReducedChannels(SEModel se, long reference) =>
        Row(se.Kind).HiddenChannels(reference, se.Reduction, se.ReducedChannels, se.Divisor, se.RoundLimit, se.MinChannels, se.Rounding);

    public static long Parameters(SEModel se, long channels, long reduced) => Row(se.Kind).Parameters(channels, reduced, se.Bias);

    public static long MultiplyAdds(SEModel se, long channels, long reduced, int size) => Row(se.Kind).MultiplyAdds(channels, reduced, size);

    /// <summary>The knobs that differ from the paper's SE, for descriptions: "SE r=16", "ECA", "SE r=4 ÷8 HardSigmoid".</summary>
    public static string DescribeKnobs(SEModel se)
    {
        if (se.Variant is not null) return se.Variant.Substring(se.Variant.LastIndexOf('.') + 1);
        ExcitationKindInfo row = Row(se.Kind);
        var parts = new System.Collections.Generic.List<string> { row.ShortName };
        if (row.HasHiddenLayer)
        {
            parts.Add(se.ReducedChannels > 0 ? $"width {se.ReducedChannels}" : $"r={se.Reduction}");
            if (se.Divisor > 0) parts.Add($"÷{se.Divisor}");
            if (se.Reference != ReferenceWidth.Channels) parts.Add($"of {se.Reference}");
            if (se.Activation != Activation.ReLU) parts.Add(se.Activation.ToString());
        }
        if (se.Squeeze != Squeeze.Average && row.FixedSqueeze is null) parts.Add(se.Squeeze.ToString());
        if (se.Gate != Gate.Sigmoid) parts.Add(se.Gate.ToString());
        // Kinds whose layers have no bias by default (CBAM, coordinate attention) say so only when they do.
        bool biasByDefault = row.DefaultBias ?? ExcitationParser.Defaults.Bias;
        if (row.HasHiddenLayer && se.Bias != biasByDefault) parts.Add(se.Bias ? "bias" : "no bias");
        return string.Join(" ", parts);
    }

    /// <summary>A short description for report rows: "SqueezeExcitation 256→16", "ECA k=5", ….</summary>
    public static string Describe(SEModel se, long channels, long reduced) =>
        (se.Variant is null ? "" : se.Variant.Substring(se.Variant.LastIndexOf('.') + 1) + ": ") + Row(se.Kind).Describe(channels, reduced);
}
