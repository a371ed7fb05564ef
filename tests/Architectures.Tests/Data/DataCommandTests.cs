using System.IO;
using System.Linq;
using Architectures.CommandLine;
using Architectures.Interop;
using Architectures.Tests.Training;
using Architectures.Zoo;
using Xunit;

namespace Architectures.Tests.Data;

/// <summary>The data options of `arch train`, `arch import` and `arch excitations`, in-process.</summary>
public class DataCommandTests
{
    private static readonly string[] TenClasses = Enumerable.Range(0, 10).Select(i => $"c{i}").ToArray();

    private static (int Code, string Out, string Error) Run(params string[] args) => Runtime.InProcessCli.Run(args);

    [Fact]
    public void TrainOnAnImageFolderStopsAtACorruptImageOrSkipsAndCountsIt()
    {
        using var scratch = TestData.Scratch();
        string images = scratch.File("images");
        DataFiles.WriteImageFolder(images, TenClasses, perClass: 4, width: 30, height: 30);
        string bad = Path.Combine(images, "c3", "002.png");
        File.WriteAllBytes(bad, File.ReadAllBytes(bad)[..40]);

        var refused = Run("train", "-m", "ResNet20", "--data", images, "--validation-split", "0.25", "-e", "1", "-b", "8", "-t", "1", "-o", scratch.File("r1"));
        Assert.Equal(CliApp.Failed, refused.Code);
        string error = refused.Error.TrimEnd();
        Assert.DoesNotContain('\n', error);
        Assert.StartsWith($"error: {bad}: ", error);
        Assert.EndsWith("fix or remove it, or set --skip-bad to skip and count such files", error);
        Assert.False(Directory.Exists(scratch.File("r1")));

        var trained = Run("train", "-m", "ResNet20", "--data", images, "--validation-split", "0.25", "--skip-bad", "-e", "1", "-b", "8", "-t", "1",
            "-o", scratch.File("r2"));
        Assert.True(trained.Code == 0, trained.Error);
        Assert.Contains($"skipped 1 unreadable image: {bad}", trained.Out);
        Assert.Contains("training on 29 images 1×28×28", trained.Out);   // 39 decodable, 10 held out
        Assert.Contains("validating on 10 images 1×28×28", trained.Out);
        Assert.True(File.Exists(Path.Combine(scratch.File("r2"), "ResNet20.ckpt")));
        // A resumed run replays the same split and skip.
        var resumed = Run("train", "--resume", scratch.File("r2"), "-t", "1");
        Assert.True(resumed.Code == 0, resumed.Error);
        Assert.Contains("skipped 1 unreadable image", resumed.Out);
    }

    [Fact]
    public void ImportOnDataThatDoesNotFitWritesTheCheckpointAndSkipsEvaluation()
    {
        using var scratch = TestData.Scratch();
        string cifar = Cifar10Tests.WriteCifar(scratch.File("cifar"));
        string pt = scratch.File("se.pt");
        using (var model = new SEResNet20()) PyTorchStateDict.Export(model, pt);

        string checkpoint = scratch.File("imported.ckpt");
        var import = Run("import", pt, "-m", "SEResNet20", "--data", "cifar10:" + cifar, "-o", checkpoint);
        Assert.True(import.Code == 0, import.Error);
        Assert.True(File.Exists(checkpoint));
        Assert.Contains(
            $"evaluation skipped: SEResNet20 expects 1×28×28 inputs and 10 classes; cifar10:{cifar} has 3×32×32 images and 10 classes (give --data with test images that fit, or --no-eval)",
            string.Join(" ", import.Out.Split('\n').Select(l => l.Trim())));  // Spectre wraps at 160 columns
        Assert.DoesNotContain("test accuracy", import.Out);

        // The same weights on data that fits: a grayscale image folder of ten classes, decoded to 1×28×28.
        string images = scratch.File("images");
        DataFiles.WriteImageFolder(images, TenClasses, perClass: 2);
        var evaluated = Run("import", pt, "-m", "SEResNet20", "--data", images);
        Assert.True(evaluated.Code == 0, evaluated.Error);
        Assert.Contains("on 20 images of image folder", evaluated.Out);

        // Excitations take the class names from the folders.
        var excitations = Run("excitations", checkpoint, "--data", images, "-o", scratch.Path);
        Assert.True(excitations.Code == 0, excitations.Error);
        var rows = File.ReadAllLines(scratch.File("SEResNet20-excitations.csv"));
        Assert.StartsWith("layer1.0.se,0,c0,2,0,", rows[1]);
        var refused = Run("excitations", checkpoint, "--data", "cifar10:" + cifar, "-o", scratch.Path);
        Assert.Equal(CliApp.Usage, refused.Code);
        Assert.Contains("--data: SEResNet20 expects 1×28×28 inputs", refused.Error);
    }
}
