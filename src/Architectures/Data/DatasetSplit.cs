using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Architectures.Data;

/// <summary>Per-channel mean and standard deviation on the 0–1 scale: a pixel x becomes (x/255 − mean)/std.</summary>
public sealed record Normalization(IReadOnlyList<float> Mean, IReadOnlyList<float> Std)
{
    public int Channels => Mean.Count;

    /// <summary>Fashion-MNIST's training-set statistics (one channel).</summary>
    public static Normalization FashionMnist { get; } = new(new[] { Data.FashionMnist.Mean }, new[] { Data.FashionMnist.Std });

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"mean {Format(Mean)}, std {Format(Std)}");

    private static string Format(IReadOnlyList<float> values) =>
        string.Join("/", values.Select(v => v.ToString("F4", CultureInfo.InvariantCulture)));
}

/// <summary>
/// Training and test sets of one run, and where they came from. <see cref="Normalization"/> is known for some sources
/// (Fashion-MNIST's published statistics); otherwise the run computes it from the training images.
/// <see cref="HasTestSet"/> is false where the source has no test images of its own (an image folder without
/// train/ and test/ sub-folders): <see cref="Test"/> then repeats the training images and a run must hold out a
/// validation split to evaluate on.
/// </summary>
public sealed record DatasetSplit(ImageSet Train, ImageSet Test, string Source)
{
    public Normalization? Normalization { get; init; }

    public bool HasTestSet { get; init; } = true;

    /// <summary>Files that could not be decoded and were skipped on request (empty unless skipping was asked for).</summary>
    public IReadOnlyList<string> SkippedFiles { get; init; } = Array.Empty<string>();

    /// <summary>The shape and classes the data has, as one phrase: "3×32×32 images and 10 classes".</summary>
    public string Describe() => $"{Train.Shape} images and {Train.Classes} classes";
}
