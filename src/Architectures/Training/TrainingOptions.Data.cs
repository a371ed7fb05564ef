using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Architectures.Training;

/// <summary>The options that say how the data is read, split and normalised.</summary>
public sealed partial record TrainingOptions
{
    /// <summary>
    /// Fraction of the training images held out (per class, drawn from <see cref="Seed"/>) and evaluated after every
    /// epoch instead of the test set; 0 = evaluate on the test set. An image folder without test/ (or val/) needs it.
    /// </summary>
    public double ValidationSplit { get; init; }

    /// <summary>Skip images that cannot be decoded (and count them) instead of stopping at the first one.</summary>
    public bool SkipBadImages { get; init; }

    /// <summary>Per-channel pixel mean on the 0–1 scale; null = the source's known values, else the training set's.</summary>
    public IReadOnlyList<float>? Mean { get; init; }

    /// <summary>Per-channel pixel standard deviation on the 0–1 scale; given together with <see cref="Mean"/>.</summary>
    public IReadOnlyList<float>? Std { get; init; }

    private void ValidateData()
    {
        if (!(ValidationSplit >= 0 && ValidationSplit < 1))
            throw new OptionsException(string.Create(CultureInfo.InvariantCulture,
                $"TrainingOptions.ValidationSplit {ValidationSplit}: must be at least 0 and below 1 (the fraction of the training images held out)"),
                "TrainingOptions.ValidationSplit");
        if ((Mean is null) != (Std is null))
            throw new OptionsException("TrainingOptions.Mean and TrainingOptions.Std: give both or neither", Mean is null ? "TrainingOptions.Mean" : "TrainingOptions.Std");
        if (Mean is null || Std is null) return;
        if (Mean.Count == 0 || Mean.Count != Std.Count)
            throw new OptionsException($"TrainingOptions.Mean has {Mean.Count} values and TrainingOptions.Std {Std.Count}: give one per channel",
                "TrainingOptions.Mean");
        if (Mean.Any(m => !float.IsFinite(m)))
            throw new OptionsException($"TrainingOptions.Mean {Format(Mean)}: every value must be a finite number", "TrainingOptions.Mean");
        if (Std.Any(s => !(s > 0) || !float.IsFinite(s)))
            throw new OptionsException($"TrainingOptions.Std {Format(Std)}: every value must be positive", "TrainingOptions.Std");
    }

    private static string Format(IEnumerable<float> values) =>
        string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
}
