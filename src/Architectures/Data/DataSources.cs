using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Architectures.Data;

/// <summary>
/// What a data source is asked for: the network's declared input (image folders are decoded to it; fixed-size
/// sources are checked against it afterwards) and whether undecodable images are skipped.
/// </summary>
/// <param name="Channels">Declared input channels: 1 decodes grayscale, 3 RGB.</param>
/// <param name="Size">Declared input size: image folders are resized (shorter side) and centre-cropped to it.</param>
/// <param name="SkipBadImages">Skip and count images that cannot be decoded instead of stopping at the first.</param>
public sealed record DataRequest(int Channels, int Size, bool SkipBadImages = false);

/// <summary>
/// A kind of data <c>TrainingOptions.Data</c> can name: "kind:location", or a bare folder the source recognises.
/// </summary>
public interface IDataSource
{
    /// <summary>The prefix that names it: idx, cifar10, imagefolder.</summary>
    string Kind { get; }

    /// <summary>Whether a bare folder (no prefix) holds this kind of data.</summary>
    bool Recognises(string folder);

    DatasetSplit Load(string location, DataRequest request);
}

/// <summary>
/// The data sources a run can name. IDX (Fashion-MNIST) and CIFAR-10 binaries are built in; image folders need
/// image decoding, which lives in Architectures.Imaging with its native library, so that package registers its source
/// here (<c>ImageFolderSource.Register()</c>) and the core stays free of it.
/// </summary>
public static class DataSources
{
    private static readonly object Gate = new();
    private static readonly List<IDataSource> Sources = new() { new IdxSource(), new Cifar10Source() };

    /// <summary>Adds a source, or replaces the one of the same kind.</summary>
    public static void Register(IDataSource source)
    {
        lock (Gate)
        {
            Sources.RemoveAll(s => string.Equals(s.Kind, source.Kind, StringComparison.OrdinalIgnoreCase));
            Sources.Add(source);
        }
    }

    public static IReadOnlyList<string> Kinds
    {
        get { lock (Gate) return Sources.Select(s => s.Kind).ToList(); }
    }

    /// <summary>
    /// Loads what <paramref name="data"/> names: "auto" (or empty: Fashion-MNIST from a standard location, else the
    /// embedded sample), "sample", "kind:location" for a registered kind, or a bare folder — IDX files, CIFAR-10
    /// batches, or whatever a registered source recognises (class folders, with Architectures.Imaging).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder holds nothing a source recognises, or a file is corrupt.</exception>
    public static DatasetSplit Load(string? data, DataRequest request)
    {
        if (string.IsNullOrWhiteSpace(data) || data.Equals("auto", StringComparison.OrdinalIgnoreCase)
            || data.Equals(FashionMnist.SampleName, StringComparison.OrdinalIgnoreCase))
            return FashionMnist.Load(data);

        List<IDataSource> sources;
        lock (Gate) sources = Sources.ToList();
        int colon = data.IndexOf(':');
        // "C:\…" on Windows is a drive, not a kind.
        if (colon > 1)
        {
            string kind = data[..colon];
            var named = sources.FirstOrDefault(s => string.Equals(s.Kind, kind, StringComparison.OrdinalIgnoreCase));
            if (named is not null) return named.Load(data[(colon + 1)..], request);
            if (!Directory.Exists(data))
                throw new InvalidDataException($"data {data}: unknown kind {kind}; known: {string.Join(", ", sources.Select(s => s.Kind + ":DIR"))}, auto, sample" +
                                               (sources.Any(s => s.Kind == "imagefolder") ? "" : " (image folders need Architectures.Imaging: ImageFolderSource.Register())"));
        }
        if (!Directory.Exists(data)) throw new DirectoryNotFoundException($"data folder {data} does not exist");
        var recognising = sources.FirstOrDefault(s => s.Recognises(data));
        if (recognising is not null) return recognising.Load(data, request);
        throw new InvalidDataException(
            $"data folder {data} holds no Fashion-MNIST IDX files, no CIFAR-10 batches (data_batch_*.bin) and no class folders of images" +
            (sources.Any(s => s.Kind == "imagefolder") ? "" : " (image folders need Architectures.Imaging: ImageFolderSource.Register())"));
    }

    private sealed class IdxSource : IDataSource
    {
        private static readonly string[] Names = { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" };

        public string Kind => "idx";

        // Any one of the four files claims the folder, so a missing partner is reported by name.
        public bool Recognises(string folder) =>
            Names.Any(n => File.Exists(Path.Combine(folder, n)) || File.Exists(Path.Combine(folder, n + ".gz")));

        public DatasetSplit Load(string location, DataRequest request) => FashionMnist.LoadFolder(location);
    }

    private sealed class Cifar10Source : IDataSource
    {
        public string Kind => "cifar10";
        public bool Recognises(string folder) => Cifar10.HasFiles(folder);
        public DatasetSplit Load(string location, DataRequest request) => Cifar10.Load(location);
    }
}
