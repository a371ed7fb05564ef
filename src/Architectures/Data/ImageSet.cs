using System;
using System.Collections.Generic;
using System.Linq;

namespace Architectures.Data;

/// <summary>Grayscale images as unsigned bytes (row-major, one image after another) with their class labels.</summary>
public sealed class ImageSet
{
    public ImageSet(byte[] pixels, byte[] labels, int rows, int cols, int classes)
    {
        if (rows <= 0 || cols <= 0) throw new ArgumentException($"image size {rows}×{cols} is not positive");
        if (pixels.Length != (long)labels.Length * rows * cols)
            throw new ArgumentException($"{pixels.Length} pixels do not make {labels.Length} images of {rows}×{cols}");
        int bad = Array.FindIndex(labels, l => l >= classes);
        if (bad >= 0) throw new ArgumentException($"label {labels[bad]} of image {bad} is not below the class count {classes}");
        Pixels = pixels;
        Labels = labels;
        Rows = rows;
        Cols = cols;
        Classes = classes;
    }

    public byte[] Pixels { get; }
    public byte[] Labels { get; }
    public int Rows { get; }
    public int Cols { get; }
    public int Classes { get; }
    public int Count => Labels.Length;
    public int ImageSize => Rows * Cols;

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
        var pixels = new byte[indices.Count * ImageSize];
        var labels = new byte[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            Image(indices[k]).CopyTo(pixels.AsSpan(k * ImageSize, ImageSize));
            labels[k] = Labels[indices[k]];
        }
        return new ImageSet(pixels, labels, Rows, Cols, Classes);
    }

    /// <summary>How many images each class has.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[Classes];
        foreach (byte l in Labels) counts[l]++;
        return counts;
    }

    public override string ToString() => $"{Count:N0} images {Rows}×{Cols}, {Classes} classes ({string.Join("/", ClassCounts().Distinct())} per class)";
}
