using System.IO;
using System.Linq;
using Architectures.CommandLine;
using Xunit;

namespace Architectures.Tests.Training;

/// <summary>The command line in-process: exit codes, one-line errors (never a stack trace), and a tiny real run.</summary>
public class CliTests
{
    private static (int Code, string Out, string Error) Run(params string[] args) => Runtime.InProcessCli.Run(args);

    private static string OneLineError((int Code, string Out, string Error) result, int expectedCode)
    {
        Assert.Equal(expectedCode, result.Code);
        string error = result.Error.TrimEnd();
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain("   at ", error);
        Assert.StartsWith("error: ", error);
        return error;
    }

    [Theory]
    [InlineData("--epochs -1", "--epochs -1: must be at least 1 (or 0: automatic)")]
    [InlineData("--lr -1", "--lr -1: must be a positive number")]
    [InlineData("--momentum 1.5", "--momentum 1.5: must be in [0, 1)")]
    [InlineData("--batch-size 1", "--batch-size 1: must be at least 2")]
    [InlineData("--models NoSuchNet", "unknown architecture NoSuchNet; known: ")]
    [InlineData("--models ResNet20,ResNet20", "--models: ResNet20 is listed twice")]
    [InlineData("--device cuda", "-p:TorchBackend=cuda")]
    [InlineData("--epochs many", "many")]
    [InlineData("--device tpu", "tpu")]
    [InlineData("--memory-format nhwc", "nhwc")]
    [InlineData("--no-such-option", "--no-such-option")]
    public void BadOptionsAreUsageErrors(string arguments, string expected)
    {
        using var scratch = TestData.Scratch();
        // -m ResNet20: without it the test host trains every registered network, and most do not fit the sample.
        var args = ("train -m ResNet20 --data sample -t 1 -o " + scratch.File("run") + " " + arguments).Split(' ');
        Assert.Contains(expected, OneLineError(Run(args), CliApp.Usage));
    }

    [Fact]
    public void MissingOrCorruptDataIsOneLine()
    {
        using var scratch = TestData.Scratch();
        string absent = scratch.File("absent");
        Assert.Contains($"data folder {absent} does not exist", OneLineError(Run("train", "-t", "1", "--data", absent, "-o", scratch.File("r1")), CliApp.Failed));

        File.WriteAllBytes(scratch.File("train-images-idx3-ubyte"), IdxReaderTests.LabelsFile(10));
        File.WriteAllBytes(scratch.File("train-labels-idx1-ubyte"), IdxReaderTests.LabelsFile(10));
        File.WriteAllBytes(scratch.File("t10k-images-idx3-ubyte.gz"), IdxReaderTests.Gzip(IdxReaderTests.ImagesFile(5, dropBytes: 10)));
        File.WriteAllBytes(scratch.File("t10k-labels-idx1-ubyte"), IdxReaderTests.LabelsFile(5));
        Assert.Contains("not an IDX image file (magic 0x00000801", OneLineError(Run("train", "-t", "1", "--data", scratch.Path, "-o", scratch.File("r2")), CliApp.Failed));
        File.WriteAllBytes(scratch.File("train-images-idx3-ubyte"), IdxReaderTests.ImagesFile(10));
        Assert.Contains("t10k-images-idx3-ubyte.gz: truncated", OneLineError(Run("train", "-t", "1", "--data", scratch.Path, "-o", scratch.File("r3")), CliApp.Failed));
    }

    [Fact]
    public void UnwritableOutputAndBadCheckpointsAreOneLine()
    {
        using var scratch = TestData.Scratch();
        File.WriteAllText(scratch.File("file"), "a file, not a folder");
        Assert.Contains("is not writable", OneLineError(Run("train", "-m", "ResNet20", "--data", "sample", "-o", scratch.File("file/run")), CliApp.Failed));
        Assert.Contains("not a run folder", OneLineError(Run("train", "--resume", scratch.Path), CliApp.Failed));
        File.WriteAllText(scratch.File("junk.ckpt"), "junk");
        Assert.Contains("bad magic", OneLineError(Run("export", scratch.File("junk.ckpt")), CliApp.Failed));
        Assert.Contains("no such checkpoint", OneLineError(Run("excitations", scratch.File("none.ckpt")), CliApp.Failed));
        Assert.Contains("no such file", OneLineError(Run("import", scratch.File("none.pt"), "--model", "ResNet20"), CliApp.Failed));
        Assert.Contains("unknown architecture", OneLineError(Run("report", "ResNet21"), CliApp.Usage));
    }

    [Fact]
    public void HelpAndListDescribeEverything()
    {
        var help = Run("train", "--help");
        Assert.Equal(0, help.Code);
        foreach (var option in new[] { "--models", "--data", "--epochs", "--batch-size", "--lr", "--momentum", "--weight-decay", "--schedule",
                     "--seed", "--threads", "--device", "--output", "--resume", "--train-images", "--no-augment",
                     "--memory-format", "--deterministic" })
            Assert.Contains(option, help.Out);
        var list = Run("list");
        Assert.Equal(0, list.Code);
        Assert.Contains("SEResNet20", list.Out);
        Assert.Contains("280,670", list.Out);
        var report = Run("report", "SEResNet20");
        Assert.Contains("layer3.2.se", report.Out);
        var forward = Run("forward", "ResNet20", "-t", "1");
        Assert.Contains("-> output [2, 10]", forward.Out);
    }

    [Fact]
    public void ATinyRunTrainsExportsImportsResumesAndAnalyses()
    {
        using var scratch = TestData.Scratch();
        string run = scratch.File("run");
        var train = Run("train", "-m", "ResNet20,SEResNet20", "--data", "sample", "--train-images", "64", "--test-images", "40",
            "-e", "1", "-b", "32", "-t", "1", "-o", run);
        Assert.True(train.Code == 0, train.Error);
        Assert.Contains("Training summary", train.Out);
        Assert.Contains("SE training-time overhead: SEResNet20", train.Out);
        Assert.Contains("SEResNet20 epoch 1: train loss", train.Out);
        foreach (var file in new[] { "run.json", "metrics.csv", "loss.png", "accuracy.png", "ResNet20.ckpt", "SEResNet20.ckpt" })
            Assert.True(File.Exists(Path.Combine(run, file)), file);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length - 1);

        Assert.Contains("keeps the options", OneLineError(Run("train", "--resume", run, "--epochs", "3"), CliApp.Usage));
        var resumed = Run("train", "--resume", run, "-t", "1");
        Assert.True(resumed.Code == 0, resumed.Error);
        Assert.Contains("resuming after epoch 1", resumed.Out);

        string pt = scratch.File("se.pt");
        var export = Run("export", Path.Combine(run, "SEResNet20.ckpt"), "-o", pt);
        Assert.True(export.Code == 0, export.Error);
        var import = Run("import", pt, "--model", "SEResNet20", "--data", "sample", "--test-images", "40", "-o", scratch.File("imported.ckpt"));
        Assert.True(import.Code == 0, import.Error);
        Assert.Contains("test accuracy", import.Out);
        var mismatch = OneLineError(Run("import", pt, "--model", "ResNet20", "--no-eval"), CliApp.Failed);
        Assert.Contains("layer1.0.se.fc1.bias: the ", mismatch);

        var excitations = Run("excitations", scratch.File("imported.ckpt"), "--data", "sample", "--test-images", "40", "-o", scratch.Path);
        Assert.True(excitations.Code == 0, excitations.Error);
        Assert.Contains("layer3.2.se", excitations.Out);
        Assert.True(File.Exists(scratch.File("SEResNet20-excitations.png")));
        var rows = File.ReadAllLines(scratch.File("SEResNet20-excitations.csv"));
        Assert.Equal(1 + 10 * (16 + 32 + 64 + 64), rows.Length);
        Assert.Contains("no such SE block", OneLineError(Run("excitations", scratch.File("imported.ckpt"), "--blocks", "layer9.se"), CliApp.Usage));
    }
}
