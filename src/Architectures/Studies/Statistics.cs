using System;
using System.Collections.Generic;
using System.Linq;

namespace Architectures.Studies;

/// <summary>Mean and sample standard deviation of a few repeated measurements (two formulas: no library needed).</summary>
public static class Statistics
{
    public static double Mean(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        return values.Average();
    }

    /// <summary>The sample standard deviation (n − 1 in the denominator); 0 for a single value.</summary>
    public static double SampleStandardDeviation(IReadOnlyCollection<double> values)
    {
        if (values.Count < 2) return values.Count == 1 ? 0 : throw new ArgumentException("no values", nameof(values));
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>
    /// Whether two means differ by more than the seeds' spread: their mean ± sd intervals do not overlap
    /// (|Δ| &gt; sd₁ + sd₂). A rough criterion for three seeds, stated as such wherever it is used.
    /// </summary>
    public static bool ExceedsSpread(double meanA, double sdA, double meanB, double sdB) => Math.Abs(meanA - meanB) > sdA + sdB;
}
