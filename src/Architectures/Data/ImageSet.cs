using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Architectures.Data;

/// <summary>
/// Images as unsigned bytes, each stored channel by channel (C×H×W, row-major), one image after another, with their
/// class labels and class names. Grayscale sets have one channel, RGB sets three.
/// </summary>
public sealed class ImageSet
{
    /// <summary>A grayscale set (one channel), as IDX files hold them.</summary>
    public ImageSet(byte[] pixels, byte[] labels, int rows, int cols, int classes)
        : this(pixels, Array.ConvertAll(labels, l => (int)l), 1, rows, cols, classes)
    {
    }

    public ImageSet(byte[] pixels, int[] labels, int channels, int rows, int cols, int classes, IReadOnlyList<string>? classNames = null)
    {
        if (channels <= 0 || rows <= 0 || cols <= 0) throw new ArgumentException($"image shape {channels}×{rows}×{cols} is not positive");
        if (classes <= 0) throw new ArgumentException($"class count {classes} is not positive");
        if (pixels.Length != (long)labels.Length * channels * rows * cols)
            throw new ArgumentException($"{pixels.Length} pixels do not make {labels.Length} images of {channels}×{rows}×{cols}");
        int bad = Array.FindIndex(labels, l => l < 0 || l >= classes);
        if (bad >= 0) throw new ArgumentException($"label {labels[bad]} of image {bad} is not a class 0–{classes - 1}");
        if (classNames is not null && classNames.Count != classes)
            throw new ArgumentException($"{classNames.Count} class names for {classes} classes");
        Pixels = pixels;
        Labels = labels;
        Channels = channels;
        Rows = rows;
        Cols = cols;
        Classes = classes;
        ClassNames = classNames ?? Enumerable.Range(0, classes).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    public byte[] Pixels { get; }
    public int[] Labels { get; }
    public int Channels { get; }
    public int Rows { get; }
    public int Cols { get; }
    public int Classes { get; }

    /// <summary>One name per class, in label order (the class folders' names for an image folder).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    public int Count => Labels.Length;

    /// <summary>Bytes per image: channels × rows × columns.</summary>
    public int ImageSize => Channels * Rows * Cols;

    /// <summary>The shape as people write it: 3×32×32.</summary>
    public string Shape => $"{Channels}×{Rows}×{Cols}";

    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * ImageSize, ImageSize);

    /// <summary>
    /// The first <paramref name="perClass"/> images of every class, in their original order: a class-balanced subset
    /// that does not depend on a random seed.
    /// </summary>
    public ImageSet BalancedSubset(int perClass)
    {
        var taken = new int[Classes];
        var indices = new List<int>();
        for (int i = 0; i < Count; i++)
            if (taken[Labels[i]]++ < perClass) indices.Add(i);
        return Select(indices);
    }

    /// <summary>A class-balanced subset of about <paramref name="count"/> images (all of them when count ≥ Count).</summary>
    public ImageSet Limit(int count) =>
        count <= 0 || count >= Count ? this : BalancedSubset(Math.Max(1, count / Classes));

    public ImageSet Select(IReadOnlyList<int> indices)
    {
        var pixels = new byte[(long)indices.Count * ImageSize];
        var labels = new int[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            Image(indices[k]).CopyTo(pixels.AsSpan(k * ImageSize, ImageSize));
            labels[k] = Labels[indices[k]];
        }
        return new ImageSet(pixels, labels, Channels, Rows, Cols, Classes, ClassNames);
    }

    /// <summary>
    /// Holds out <paramref name="fraction"/> of every class (rounded, at least one image of a class with two or more)
    /// as a validation set. Which images go is drawn from <paramref name="seed"/> alone, so a run and its resumption
    /// split alike; both parts keep the original order.
    /// </summary>
    public (ImageSet Train, ImageSet Validation) SplitValidation(double fraction, int seed)
    {
        if (!(fraction > 0 && fraction < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "must be in (0, 1)");
        var random = new Random(seed);
        var held = new bool[Count];
        for (int c = 0; c < Classes; c++)
        {
            int[] members = Enumerable.Range(0, Count).Where(i => Labels[i] == c).ToArray();
            if (members.Length < 2) continue;
            int take = Math.Clamp((int)Math.Round(members.Length * fraction, MidpointRounding.AwayFromZero), 1, members.Length - 1);
            random.Shuffle(members);
            foreach (int i in members.AsSpan(0, take)) held[i] = true;
        }
        var train = Enumerable.Range(0, Count).Where(i => !held[i]).ToList();
        var validation = Enumerable.Range(0, Count).Where(i => held[i]).ToList();
        return (Select(train), Select(validation));
    }

    /// <summary>How many images each class has.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[Classes];
        foreach (int l in Labels) counts[l]++;
        return counts;
    }

    /// <summary>Per-channel mean and standard deviation of the pixels on the 0–1 scale (what normalisation divides by).</summary>
    public Normalization Statistics()
    {
        int plane = Rows * Cols;
        var sum = new double[Channels];
        var squares = new double[Channels];
        for (int i = 0; i < Count; i++)
        {
            var image = Image(i);
            for (int c = 0; c < Channels; c++)
            {
                long s = 0, q = 0;
                foreach (byte b in image.Slice(c * plane, plane))
                {
                    s += b;
                    q += b * b;
                }
                sum[c] += s;
                squares[c] += q;
            }
        }
        double n = (double)Count * plane;
        var mean = new float[Channels];
        var std = new float[Channels];
        for (int c = 0; c < Channels; c++)
        {
            double m = sum[c] / n;
            double variance = Math.Max(0, squares[c] / n - m * m);
            mean[c] = (float)(m / 255);
            // A constant channel has no spread: dividing by 1 instead of 0 leaves it centred.
            std[c] = variance > 0 ? (float)(Math.Sqrt(variance) / 255) : 1f;
        }
        return new Normalization(mean, std);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Count:N0} images {Shape}, {Classes} classes ({string.Join("/", ClassCounts().Distinct())} per class)");
}
