using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Architectures.Data;

/// <summary>
/// CIFAR-10 in its binary distribution (cifar-10-binary.tar.gz, unpacked): data_batch_1.bin … data_batch_5.bin and
/// test_batch.bin, each a run of 3,073-byte records — one label byte, then 1,024 red, 1,024 green and 1,024 blue
/// bytes of a 32×32 image (already channel by channel, as <see cref="ImageSet"/> stores them). Class names come from
/// batches.meta.txt when it is there.
/// </summary>
public static class Cifar10
{
    public const int Side = 32, Channels = 3, Classes = 10;
    public const int RecordSize = 1 + Channels * Side * Side;

    public static readonly IReadOnlyList<string> DefaultClassNames = new[]
    {
        "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
    };

    /// <summary>Whether a folder (or its cifar-10-batches-bin sub-folder) holds CIFAR-10 batch files.</summary>
    public static bool HasFiles(string folder) => Locate(folder) is not null;

    /// <summary>Loads every data_batch_*.bin as the training set and test_batch.bin as the test set.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">No training batch, or no test_batch.bin.</exception>
    /// <exception cref="InvalidDataException">A file is not a whole number of records, or holds a label above 9.</exception>
    public static DatasetSplit Load(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"data folder {folder} does not exist (expected CIFAR-10 batch files there)");
        string root = Locate(folder) ?? folder;
        var trainFiles = Directory.GetFiles(root, "data_batch_*.bin").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        if (trainFiles.Length == 0) throw new FileNotFoundException($"data folder {root} has no CIFAR-10 training batch (data_batch_1.bin …)");
        string testFile = Path.Combine(root, "test_batch.bin");
        if (!File.Exists(testFile)) throw new FileNotFoundException($"data folder {root} has no test_batch.bin");
        var names = ReadClassNames(root);
        return new DatasetSplit(Read(trainFiles, names), Read(new[] { testFile }, names), $"CIFAR-10 from {root}");
    }

    /// <summary>Reads batch files into one set.</summary>
    public static ImageSet Read(IReadOnlyList<string> files, IReadOnlyList<string>? classNames = null)
    {
        var pixels = new List<byte[]>();
        var labels = new List<int>();
        foreach (string file in files)
        {
            byte[] bytes = File.ReadAllBytes(file);
            if (bytes.Length == 0 || bytes.Length % RecordSize != 0)
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{file}: {bytes.Length:N0} bytes is not a whole number of {RecordSize:N0}-byte CIFAR-10 records (label + 3×32×32 pixels)"));
            int records = bytes.Length / RecordSize;
            var image = new byte[(long)records * (RecordSize - 1)];
            for (int r = 0; r < records; r++)
            {
                byte label = bytes[r * RecordSize];
                if (label >= Classes)
                    throw new InvalidDataException($"{file}: record {r} has label {label}, not a class 0–{Classes - 1} (is this CIFAR-100?)");
                labels.Add(label);
                bytes.AsSpan(r * RecordSize + 1, RecordSize - 1).CopyTo(image.AsSpan(r * (RecordSize - 1)));
            }
            pixels.Add(image);
        }
        var all = new byte[pixels.Sum(p => (long)p.Length)];
        long offset = 0;
        foreach (var part in pixels)
        {
            part.CopyTo(all, offset);
            offset += part.Length;
        }
        return new ImageSet(all, labels.ToArray(), Channels, Side, Side, Classes, classNames ?? DefaultClassNames);
    }

    private static string? Locate(string folder)
    {
        foreach (string candidate in new[] { folder, Path.Combine(folder, "cifar-10-batches-bin") })
            if (Directory.Exists(candidate) && (File.Exists(Path.Combine(candidate, "test_batch.bin"))
                                                || Directory.EnumerateFiles(candidate, "data_batch_*.bin").Any()))
                return candidate;
        return null;
    }

    private static IReadOnlyList<string> ReadClassNames(string root)
    {
        string meta = Path.Combine(root, "batches.meta.txt");
        if (!File.Exists(meta)) return DefaultClassNames;
        var names = File.ReadAllLines(meta).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        return names.Length == Classes ? names : DefaultClassNames;
    }
}
