using System;
using System.Collections.Generic;
using System.IO;
using Architectures.Reporting;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Architectures.Tests.Data;

/// <summary>Data files the data tests write themselves: PNG image folders (SkiaSharp) and CIFAR-10 binary batches.</summary>
internal static class DataFiles
{
    /// <summary>Writes a PNG whose pixel (x, y) has the colour <paramref name="colour"/> gives.</summary>
    public static void WritePng(string path, int width, int height, Func<int, int, (byte R, byte G, byte B)> colour)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                var (r, g, b) = colour(x, y);
                bitmap.SetPixel(x, y, new SKColor(r, g, b));
            }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>
    /// root/&lt;class&gt;/&lt;i&gt;.png for each class: class k is a vertical bar at a class-specific position on a dark
    /// background, in a class-specific colour, with a little per-image noise; <paramref name="width"/>×<paramref name="height"/> pixels.
    /// </summary>
    public static void WriteImageFolder(string root, IReadOnlyList<string> classes, int perClass, int width = 40, int height = 36, int seed = 1)
    {
        var random = new Random(seed);
        for (int k = 0; k < classes.Count; k++)
        {
            for (int i = 0; i < perClass; i++)
            {
                int bar = (k * width) / classes.Count;
                int noise = random.Next(20);
                int classIndex = k;
                WritePng(Path.Combine(root, classes[k], $"{i:D3}.png"), width, height, (x, y) =>
                    Math.Abs(x - bar) < Math.Max(2, width / classes.Count / 2)
                        ? ((byte)(200 + noise), (byte)(40 * classIndex % 256), (byte)(250 - 20 * classIndex))
                        : ((byte)noise, (byte)noise, (byte)noise));
            }
        }
    }

    /// <summary>
    /// A CIFAR-10 batch of <paramref name="labels"/>.Length records; record r's red plane is filled with r, green with
    /// 100 + label, blue with 200 — so the layout can be checked byte by byte.
    /// </summary>
    public static void WriteCifarBatch(string path, IReadOnlyList<byte> labels)
    {
        var bytes = new byte[labels.Count * 3073];
        for (int r = 0; r < labels.Count; r++)
        {
            var record = bytes.AsSpan(r * 3073, 3073);
            record[0] = labels[r];
            record.Slice(1, 1024).Fill((byte)r);
            record.Slice(1025, 1024).Fill((byte)(100 + labels[r]));
            record.Slice(2049, 1024).Fill(200);
        }
        File.WriteAllBytes(path, bytes);
    }

    public static byte[] CyclingLabels(int count, int classes = 10)
    {
        var labels = new byte[count];
        for (int i = 0; i < count; i++) labels[i] = (byte)(i % classes);
        return labels;
    }

    /// <summary>A hand-written network (not generated) for RGB data, described by a report its test writes.</summary>
    public static ArchitectureInfo TinyRgbNet(int size, int classes, string name = "TinyRgbNet")
    {
        var report = new ArchitectureReport(name, "hand-written test network", inputChannels: 3, inputSize: size, classes: classes,
            parameters: TinyRgb.Parameters(classes), seParameters: 0, multiplyAdds: 0, layers: Array.Empty<LayerRow>());
        return new ArchitectureInfo(typeof(TinyRgb), report, () => new TinyRgb(classes));
    }
}

/// <summary>conv 3→8 (3×3) · batch norm · ReLU · global average pool · linear 8→classes.</summary>
internal sealed class TinyRgb : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv, bn, fc;

    public TinyRgb(int classes) : base(nameof(TinyRgb))
    {
        conv = nn.Conv2d(3, 8, 3, padding: 1, bias: false);
        bn = nn.BatchNorm2d(8);
        fc = nn.Linear(8, classes);
        RegisterComponents();
    }

    public static long Parameters(int classes) => 3 * 8 * 9 + 2 * 8 + 8 * classes + classes;

    public override Tensor forward(Tensor x) =>
        fc.call(nn.functional.relu(bn.call(conv.call(x))).mean(new long[] { 2, 3 }));
}
