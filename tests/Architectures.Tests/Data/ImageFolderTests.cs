using System;
using System.IO;
using System.Linq;
using System.Threading;
using Architectures.Data;
using Architectures.Training;
using Architectures.Tests.Training;
using Architectures.Zoo;
using Xunit;

namespace Architectures.Tests.Data;

/// <summary>torchvision's ImageFolder convention, decoded with SkiaSharp from PNGs the tests write.</summary>
public class ImageFolderTests
{
    private static readonly string[] TenClasses = Enumerable.Range(0, 10).Select(i => $"class{i}").ToArray();

    private static DataRequest Gray28 => new(1, 28);

    [Fact]
    public void DecodesRgbAndGrayscaleResizedAndCentreCropped()
    {
        using var scratch = TestData.Scratch();
        // 40×30: left 20 columns red-ish, right 20 blue-ish. Resize: shorter side 30 → 15, width 40 → 20; centre crop 15
        // from 20 starts at round(2.5) = 2 (half to even, as Python): columns 0–7 red, 8–14 blue (checked away from the blended edge).
        string png = scratch.File("two.png");
        DataFiles.WritePng(png, 40, 30, (x, _) => x < 20 ? ((byte)200, (byte)100, (byte)50) : ((byte)10, (byte)20, (byte)240));
        var rgb = new byte[3 * 15 * 15];
        ImageFolder.Decode(png, 3, 15, rgb);
        for (int y = 0; y < 15; y++)
        {
            Assert.Equal(new byte[] { 200, 100, 50 }, new[] { rgb[y * 15 + 0], rgb[225 + y * 15 + 0], rgb[450 + y * 15 + 0] });
            Assert.Equal(new byte[] { 200, 100, 50 }, new[] { rgb[y * 15 + 4], rgb[225 + y * 15 + 4], rgb[450 + y * 15 + 4] });
            Assert.Equal(new byte[] { 10, 20, 240 }, new[] { rgb[y * 15 + 11], rgb[225 + y * 15 + 11], rgb[450 + y * 15 + 11] });
            Assert.Equal(new byte[] { 10, 20, 240 }, new[] { rgb[y * 15 + 14], rgb[225 + y * 15 + 14], rgb[450 + y * 15 + 14] });
        }
        var gray = new byte[15 * 15];
        ImageFolder.Decode(png, 1, 15, gray);
        // PIL's L: (200·19595 + 100·38470 + 50·7471 + 2^15) >> 16 = 124; (10·19595 + 20·38470 + 240·7471 + 2^15) >> 16 = 42.
        Assert.Equal(124, gray[0]);
        Assert.Equal(42, gray[14]);
    }

    [Fact]
    public void PngsOfTheSampleDecodeToTheIdxPixels()
    {
        // The embedded Fashion-MNIST sample written as 28×28 PNGs (one folder per class, files in index order) decodes,
        // grayscale at the declared 28, to exactly the IDX bytes: no resize, no colour change, nothing shifted.
        using var scratch = TestData.Scratch();
        var idx = TestData.Tiny(train: 200, test: 10).Train;
        for (int i = 0; i < idx.Count; i++)
        {
            var image = idx.Image(i).ToArray();
            DataFiles.WritePng(Path.Combine(scratch.Path, $"{idx.Labels[i]}", $"{i:D4}.png"), 28, 28, (x, y) =>
                (image[y * 28 + x], image[y * 28 + x], image[y * 28 + x]));
        }
        var folder = ImageFolder.Load(scratch.Path, Gray28).Train;
        var byClass = Enumerable.Range(0, idx.Count).OrderBy(i => idx.Labels[i]).ToList();   // stable: index order within a class
        Assert.Equal(idx.Select(byClass).Pixels, folder.Pixels);
        Assert.Equal(idx.Select(byClass).Labels, folder.Labels);
    }

    [Fact]
    public void ClassesAreSortedOrdinallyAsTorchvisionDoes()
    {
        using var scratch = TestData.Scratch();
        foreach (var name in new[] { "b", "B", "a", "_z" })
            DataFiles.WritePng(Path.Combine(scratch.Path, name, "0.png"), 8, 8, (_, _) => (1, 2, 3));
        Directory.CreateDirectory(scratch.File("b/nested"));
        DataFiles.WritePng(scratch.File("b/nested/1.PNG"), 8, 8, (_, _) => (1, 2, 3));
        File.WriteAllText(scratch.File("b/notes.txt"), "not an image: ignored, as torchvision ignores it");
        Assert.Equal(new[] { "B", "_z", "a", "b" }, ImageFolder.ClassNames(scratch.Path));
        var data = ImageFolder.Load(scratch.Path, new DataRequest(3, 8));
        Assert.Equal(new[] { 0, 1, 2, 3, 3 }, data.Train.Labels);
        Assert.Equal(new[] { "B", "_z", "a", "b" }, data.Train.ClassNames);
        Assert.False(data.HasTestSet);
    }

    [Fact]
    public void TrainAndTestFoldersAreTheSplit()
    {
        using var scratch = TestData.Scratch();
        DataFiles.WriteImageFolder(scratch.File("train"), new[] { "cat", "dog", "emu" }, perClass: 3);
        DataFiles.WriteImageFolder(scratch.File("val"), new[] { "cat", "emu" }, perClass: 2, seed: 2);
        var data = DataSources.Load(scratch.Path, new DataRequest(3, 16));
        Assert.True(data.HasTestSet);
        Assert.Equal((9, 4), (data.Train.Count, data.Test.Count));
        Assert.Equal(new[] { 0, 0, 2, 2 }, data.Test.Labels); // emu keeps the training set's label 2
        Assert.Equal("3×16×16", data.Test.Shape);

        DataFiles.WriteImageFolder(scratch.File("val"), new[] { "yak" }, perClass: 1);
        var e = Assert.Throws<InvalidDataException>(() => DataSources.Load(scratch.Path, new DataRequest(3, 16)));
        Assert.Contains("class yak is not among the training classes (cat, dog, emu)", e.Message);

        // train/ without test/ or val/: train/ holds the classes, and there is no test set of its own.
        using var alone = TestData.Scratch();
        DataFiles.WriteImageFolder(Path.Combine(alone.Path, "train"), new[] { "cat", "dog" }, perClass: 2);
        var trainOnly = DataSources.Load(alone.Path, new DataRequest(3, 16));
        Assert.Equal(new[] { "cat", "dog" }, trainOnly.Train.ClassNames);
        Assert.False(trainOnly.HasTestSet);
    }

    [Fact]
    public void ACorruptImageIsNamedOrSkippedAndCounted()
    {
        using var scratch = TestData.Scratch();
        DataFiles.WriteImageFolder(scratch.Path, new[] { "a", "b" }, perClass: 3);
        string truncated = scratch.File("b/001.png");
        byte[] whole = File.ReadAllBytes(truncated);
        File.WriteAllBytes(truncated, whole[..(whole.Length / 2)]);
        string junk = scratch.File("a/zz-junk.jpg");
        File.WriteAllText(junk, "this is not a JPEG");

        var e = Assert.Throws<InvalidDataException>(() => ImageFolder.Load(scratch.Path, new DataRequest(3, 16)));
        Assert.StartsWith($"{junk}: not a decodable PNG or JPEG image", e.Message); // the first bad file in label and file order
        Assert.Contains("TrainingOptions.SkipBadImages", e.Message);

        var data = ImageFolder.Load(scratch.Path, new DataRequest(3, 16, SkipBadImages: true));
        Assert.Equal(new[] { junk, truncated }, data.SkippedFiles);
        Assert.Equal(new[] { 3, 2 }, data.Train.ClassCounts());
    }

    [Fact]
    public void GrayscaleFolderTrainsADeclaredNetworkWithAValidationSplit()
    {
        using var scratch = TestData.Scratch();
        string images = scratch.File("images");
        DataFiles.WriteImageFolder(images, TenClasses, perClass: 5, width: 36, height: 30);
        ImageFolderSource.Register();
        var options = new TrainingOptions
        {
            Models = new[] { "ResNet20" }, Data = images, ValidationSplit = 0.2, TrainImages = 0, Epochs = 1, BatchSize = 8, Threads = 1,
        };
        var run = TrainingRun.Create(scratch.File("run"), options);
        Assert.Equal((40, 10), (run.Data.Train.Count, run.Data.Test.Count));   // one of five per class held out
        Assert.Equal("1×28×28", run.Data.Train.Shape);
        var expected = run.Data.Train.Statistics();
        Assert.Equal(expected.Mean, run.Data.Normalization!.Mean);               // from the training part, not the held-out one
        Assert.InRange(expected.Mean[0], 0.02f, 0.5f);

        var observer = new RecordingObserver();
        var history = run.Execute(new[] { Catalog.Find("ResNet20")! }, observer, CancellationToken.None).Single().History;
        Assert.Equal(5, observer.Steps);
        Assert.True(double.IsFinite(history.Epochs.Single().TrainLoss) && double.IsFinite(history.Epochs.Single().TestLoss));
        Assert.True(File.Exists(run.CheckpointPath("ResNet20")));
    }

    [Fact]
    public void RgbFolderTrainsAHandWrittenNetwork()
    {
        using var scratch = TestData.Scratch();
        string images = scratch.File("images");
        DataFiles.WriteImageFolder(images, new[] { "circle", "square", "triangle" }, perClass: 8, width: 48, height: 40);
        ImageFolderSource.Register();
        var tiny = DataFiles.TinyRgbNet(size: 24, classes: 3);
        var options = new TrainingOptions
        {
            Models = new[] { tiny.Name }, Data = "imagefolder:" + images, ValidationSplit = 0.25, TrainImages = 0, Epochs = 3,
            BatchSize = 6, Threads = 1, LearningRate = 0.05,
        };
        var run = TrainingRun.Create(scratch.File("run"), options, architectures: new[] { tiny });
        Assert.Equal("3×24×24", run.Data.Train.Shape);
        Assert.Equal(3, run.Data.Normalization!.Channels);
        var history = run.Execute(new[] { tiny }, new RecordingObserver(), CancellationToken.None).Single().History;
        Assert.Equal(3, history.Epochs.Count);
        // The classes differ in colour and bar position: three epochs take the loss well below chance (ln 3 ≈ 1.10).
        Assert.True(history.Epochs[^1].TrainLoss < 1.0, $"train loss {history.Epochs[^1].TrainLoss}");
    }

    [Fact]
    public void AFolderWithoutTestImagesNeedsAValidationSplit()
    {
        using var scratch = TestData.Scratch();
        DataFiles.WriteImageFolder(scratch.Path, TenClasses, perClass: 1);
        ImageFolderSource.Register();
        var e = Assert.Throws<OptionsException>(() => TrainingRun.LoadData(new TrainingOptions { Models = new[] { "ResNet20" }, Data = scratch.Path }));
        Assert.Equal("TrainingOptions.ValidationSplit", e.Property);
        Assert.Contains("has no test images", e.Message);
    }
}
