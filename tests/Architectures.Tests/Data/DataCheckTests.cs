using System.IO;
using System.Linq;
using Architectures.CommandLine;
using Architectures.Data;
using Architectures.Training;
using Architectures.Tests.Training;
using Xunit;

namespace Architectures.Tests.Data;

/// <summary>Data is checked against the declaration before the first step; a validation split is held out by seed.</summary>
public class DataCheckTests
{
    private static (int Code, string Out, string Error) Run(params string[] args) => Runtime.InProcessCli.Run(args);

    [Fact]
    public void DataThatDoesNotFitTheDeclarationIsRefusedNamingBothSides()
    {
        using var scratch = TestData.Scratch();
        string cifar = Cifar10Tests.WriteCifar(scratch.File("cifar"));
        string expected = $"SEResNet50 expects 3×224×224 inputs and 1000 classes; cifar10:{cifar} has 3×32×32 images and 10 classes";
        var e = Assert.Throws<OptionsException>(() =>
            TrainingRun.Create(scratch.File("run"), new TrainingOptions { Models = new[] { "SEResNet50" }, Data = "cifar10:" + cifar }));
        Assert.Equal(expected, e.Message);
        Assert.False(Directory.Exists(scratch.File("run")));   // nothing created

        var cli = Run("train", "-m", "ResNet20,SEResNet50", "--data", "sample", "-t", "1", "-o", scratch.File("run2"));
        Assert.Equal(CliApp.Usage, cli.Code);
        Assert.Equal("error: SEResNet50 expects 3×224×224 inputs and 1000 classes; the embedded Fashion-MNIST sample has 1×28×28 images and 10 classes",
            cli.Error.TrimEnd());
        Assert.False(Directory.Exists(scratch.File("run2")));

        // Unregistered (hand-written) networks are checked too, before any of them trains.
        var tiny = DataFiles.TinyRgbNet(size: 32, classes: 5);
        e = Assert.Throws<OptionsException>(() => TrainingRun.Create(scratch.File("run3"),
            new TrainingOptions { Models = new[] { tiny.Name }, Data = cifar }, architectures: new[] { tiny }));
        Assert.Equal($"TinyRgbNet expects 3×32×32 inputs and 5 classes; {cifar} has 3×32×32 images and 10 classes", e.Message);
    }

    [Fact]
    public void TheValidationSplitIsStratifiedDisjointAndFixedBySeed()
    {
        var set = TestData.Tiny(train: 200).Train;   // 20 per class
        var (train, validation) = set.SplitValidation(0.25, seed: 4);
        Assert.Equal(Enumerable.Repeat(15, 10), train.ClassCounts());
        Assert.Equal(Enumerable.Repeat(5, 10), validation.ClassCounts());
        var again = set.SplitValidation(0.25, seed: 4);
        Assert.Equal(validation.Pixels, again.Validation.Pixels);
        Assert.NotEqual(validation.Pixels, set.SplitValidation(0.25, seed: 5).Validation.Pixels);
        // Disjoint and complete: every image of the set is in exactly one part.
        var all = Enumerable.Range(0, set.Count).Select(i => System.Convert.ToBase64String(set.Image(i))).OrderBy(s => s).ToList();
        var parts = Enumerable.Range(0, train.Count).Select(i => System.Convert.ToBase64String(train.Image(i)))
            .Concat(Enumerable.Range(0, validation.Count).Select(i => System.Convert.ToBase64String(validation.Image(i)))).OrderBy(s => s).ToList();
        Assert.Equal(all, parts);

        var run = TrainingRun.LoadData(new TrainingOptions { Data = "sample", ValidationSplit = 0.1, TrainImages = 0, Seed = 4 });
        Assert.Equal((1080, 120), (run.Train.Count, run.Test.Count));
        Assert.Contains("10% of each class held out for validation (seed 4)", run.Source);
    }

    [Fact]
    public void BadDataOptionsNamePropertiesAndTheCommandLineSaysFlags()
    {
        var e = Assert.Throws<OptionsException>(() => new TrainingOptions { ValidationSplit = 1.5 }.Validate());
        Assert.Equal("TrainingOptions.ValidationSplit 1.5: must be at least 0 and below 1 (the fraction of the training images held out)", e.Message);
        Assert.Equal("TrainingOptions.ValidationSplit", e.Property);
        e = Assert.Throws<OptionsException>(() => new TrainingOptions { Mean = new[] { 0.5f }, Std = new[] { 0f } }.Validate());
        Assert.Equal("TrainingOptions.Std 0: every value must be positive", e.Message);
        e = Assert.Throws<OptionsException>(() => TrainingRun.LoadData(new TrainingOptions { Data = "sample", Mean = new[] { 0.5f, 0.5f, 0.5f }, Std = new[] { 1f, 1f, 1f } }));
        Assert.Equal("TrainingOptions.Mean and TrainingOptions.Std have 3 values; the images have 1 channels", e.Message);

        using var scratch = TestData.Scratch();
        var cli = Run("train", "--data", "sample", "-t", "1", "--validation-split", "1.5", "-o", scratch.File("r"));
        Assert.Equal(CliApp.Usage, cli.Code);
        Assert.Equal("error: --validation-split 1.5: must be at least 0 and below 1 (the fraction of the training images held out)", cli.Error.TrimEnd());
        cli = Run("train", "--data", "sample", "-t", "1", "--mean", "0.5,0.5", "--std", "1,1", "-o", scratch.File("r"));
        Assert.Equal("error: --mean and --std have 2 values; the images have 1 channels", cli.Error.TrimEnd());
        cli = Run("train", "--data", "nosuchkind:" + scratch.Path, "-t", "1", "-o", scratch.File("r"));
        Assert.Equal(CliApp.Failed, cli.Code);
        Assert.Contains("unknown kind nosuchkind; known: idx:DIR, cifar10:DIR, imagefolder:DIR, auto, sample", cli.Error);
        cli = Run("train", "--data", scratch.Path, "-t", "1", "-o", scratch.File("r"));
        Assert.Contains($"data folder {scratch.Path} holds no Fashion-MNIST IDX files, no CIFAR-10 batches (data_batch_*.bin) and no class folders of images", cli.Error);
    }
}
