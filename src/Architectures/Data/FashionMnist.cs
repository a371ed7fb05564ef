using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Architectures.Data;

/// <summary>
/// Fashion-MNIST (Xiao et al., 2017): 60,000 training and 10,000 test images of 28×28 clothing, 10 classes, in the
/// IDX files of the original distribution (gzipped or not). A class-balanced sample of it (1,200 training and
/// 300 test images, the first of each class; 650 KB) is embedded in this assembly, so a fresh machine trains without a download.
/// </summary>
public static class FashionMnist
{
    public const int Classes = 10;
    public const int ImageSide = 28;

    /// <summary>Pixel mean and standard deviation of the training set (on the 0–1 scale), used for normalisation.</summary>
    public const float Mean = 0.2860f, Std = 0.3530f;

    public static readonly IReadOnlyList<string> ClassNames = new[]
    {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    };

    /// <summary>The word <c>--data</c> takes for the embedded sample.</summary>
    public const string SampleName = "sample";

    /// <summary>Folders searched, in order, when no location is given: $FASHION_MNIST_DIR, then Debian's package folder.</summary>
    public static IEnumerable<string> StandardLocations()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("FASHION_MNIST_DIR");
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) yield return fromEnvironment;
        yield return "/usr/share/datasets/fashion-mnist";
        yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "fashion-mnist");
    }

    /// <summary>
    /// Loads the data a run asked for: <c>null</c> or "auto" — the full set from a standard location when one holds it,
    /// otherwise the embedded sample; "sample" — the embedded sample; anything else — a folder of IDX files.
    /// </summary>
    public static DatasetSplit Load(string? location)
    {
        if (string.IsNullOrWhiteSpace(location) || location.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            string? found = StandardLocations().FirstOrDefault(HasFiles);
            return found is null ? LoadSample() : LoadFolder(found);
        }
        return location.Equals(SampleName, StringComparison.OrdinalIgnoreCase) ? LoadSample() : LoadFolder(location);
    }

    /// <summary>Whether a folder holds the four IDX files (gzipped or not).</summary>
    public static bool HasFiles(string folder) =>
        Directory.Exists(folder) && FileNames.All(name => FindFile(folder, name) is not null);

    /// <summary>Loads the four IDX files from a folder.</summary>
    /// <exception cref="FileNotFoundException">The folder or one of the files is missing.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt.</exception>
    public static DatasetSplit LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"data folder {folder} does not exist (expected the Fashion-MNIST IDX files there)");
        string Require(string name) => FindFile(folder, name)
            ?? throw new FileNotFoundException($"data folder {folder} has no {name} or {name}.gz");
        var train = ReadPair(Require(TrainImages), Require(TrainLabels), File.OpenRead);
        var test = ReadPair(Require(TestImages), Require(TestLabels), File.OpenRead);
        return new DatasetSplit(train, test, $"Fashion-MNIST from {folder}") { Normalization = Normalization.FashionMnist };
    }

    /// <summary>The embedded class-balanced sample (1,200 training, 300 test images).</summary>
    public static DatasetSplit LoadSample()
    {
        var assembly = typeof(FashionMnist).Assembly;
        Stream Open(string name) => assembly.GetManifestResourceStream(SampleResource(name))
            ?? throw new FileNotFoundException($"embedded resource {SampleResource(name)} is missing from {assembly.GetName().Name}");
        var train = ReadPair(TrainImages + ".gz", TrainLabels + ".gz", Open);
        var test = ReadPair(TestImages + ".gz", TestLabels + ".gz", Open);
        return new DatasetSplit(train, test, "the embedded Fashion-MNIST sample") { Normalization = Normalization.FashionMnist };
    }

    private const string TrainImages = "train-images-idx3-ubyte", TrainLabels = "train-labels-idx1-ubyte";
    private const string TestImages = "t10k-images-idx3-ubyte", TestLabels = "t10k-labels-idx1-ubyte";
    private static readonly string[] FileNames = { TrainImages, TrainLabels, TestImages, TestLabels };

    private static string SampleResource(string file) => "Architectures.Data.Sample." + file;

    private static string? FindFile(string folder, string name) =>
        new[] { name, name + ".gz" }.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists);

    private static ImageSet ReadPair(string imagesPath, string labelsPath, Func<string, Stream> open)
    {
        (byte[] pixels, int count, int rows, int cols) images;
        using (var stream = open(imagesPath)) images = IdxReader.ReadImages(stream, imagesPath);
        byte[] labels;
        using (var stream = open(labelsPath)) labels = IdxReader.ReadLabels(stream, labelsPath);
        if (images.rows != ImageSide || images.cols != ImageSide)
            throw new InvalidDataException($"{imagesPath}: images are {images.rows}×{images.cols}, Fashion-MNIST's are {ImageSide}×{ImageSide}");
        if (labels.Length != images.count)
            throw new InvalidDataException($"{labelsPath}: {labels.Length} labels for {images.count} images in {imagesPath}");
        int bad = Array.FindIndex(labels, l => l >= Classes);
        if (bad >= 0) throw new InvalidDataException($"{labelsPath}: label {labels[bad]} at index {bad} is not a class 0–{Classes - 1}");
        return new ImageSet(images.pixels, Array.ConvertAll(labels, l => (int)l), 1, images.rows, images.cols, Classes, ClassNames);
    }
}
