using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Architectures.Generators.Counting;
using Architectures.Generators.Model;
using static Architectures.Generators.Diagnostics.DiagnosticDescriptors;

namespace Architectures.Generators.Parsing;

/// <summary>
/// What the generator writes out, unit by unit, must stay buildable: every declaration is checked against these limits
/// before anything is planned (a stage of 1,000,000 units once took 12.7 GB and 7 minutes to generate). They are far
/// above any published network (ResNet-1202 has 600 units; timm's widest layers have a few thousand channels).
/// </summary>
internal static class Limits
{
    /// <summary>Units (residual or inverted-residual blocks) in one network, all stages together.</summary>
    public const int MaxUnits = 2_000;

    /// <summary>Channels of any layer: widths, expanded widths, classes, input channels, groups.</summary>
    public const int MaxChannels = 1 << 20;

    /// <summary>Input height and width, in pixels.</summary>
    public const int MaxInputSize = 16_384;

    /// <summary>ARCH025 on <paramref name="location"/> when <paramref name="value"/> exceeds <paramref name="max"/>; true when within.</summary>
    public static bool Check(long value, int max, string what, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        if (value <= max) return true;
        diagnostics.Add(DiagnosticInfo.Create(TooLarge, location, what, N(value), N(max)));
        return false;
    }

    /// <summary>Unit counts: each stage, and the running total, within <see cref="MaxUnits"/>; each problem on its stage.</summary>
    public static bool CheckUnits(IReadOnlyList<int> units, Func<int, LocationInfo?> location, List<DiagnosticInfo> diagnostics)
    {
        long total = 0;
        for (int i = 0; i < units.Count; i++)
        {
            total += Math.Max(units[i], 0);
            if (total > MaxUnits)
            {
                diagnostics.Add(DiagnosticInfo.Create(TooLarge, location(i), $"The number of units up to stage {i + 1}", N(total), N(MaxUnits)));
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Plans the network in checked arithmetic. A count past <see cref="long.MaxValue"/> becomes ARCH027 on the written
    /// argument with the largest value (the likeliest culprit), instead of a wrapped number; null then.
    /// </summary>
    public static NetworkPlan? TryPlan(Func<NetworkPlan> plan, string className, AttributeReader network, List<DiagnosticInfo> diagnostics)
    {
        try
        {
            return plan();
        }
        catch (OverflowException)
        {
            var candidates = new List<(long Value, LocationInfo? Location)>();
            foreach (string name in new[] { "InputSize", "InputChannels", "Classes", "Cardinality", "BaseWidth", "StemChannels", "HeadChannels", "LastChannel", "GroupWidth" })
                if (network.Has(name)) candidates.Add((network.Int(name), network.LocationOf(name)));
            if (network.IntArray("Widths") is { } widths)
                candidates.AddRange(widths.Select((w, i) => ((long)w, network.LocationOfElement("Widths", i))));
            LocationInfo? location = candidates.Count == 0 ? network.Location : candidates.OrderByDescending(c => c.Value).First().Location;
            diagnostics.Add(DiagnosticInfo.Create(CountOverflow, location, className, N(long.MaxValue)));
            return null;
        }
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
