using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading;
using Architectures.CommandLine;
using Architectures.Interop;
using Architectures.Reporting;
using Architectures.Training;
using Architectures.Zoo;
using Xunit;
using static TorchSharp.torch;

namespace Architectures.Tests.Training;

/// <summary>The faults found by trying the tool as a user would (issue 9, section 4), each reproduced and checked.</summary>
public class FaultTests
{
    public FaultTests() => Runtime.TorchSetup.Once();

    private static (int Code, string Out, string Error) Run(params string[] args) => Runtime.InProcessCli.Run(args);

    private static string OneLineError((int Code, string Out, string Error) result, int expectedCode)
    {
        Assert.True(expectedCode == result.Code, $"exit {result.Code}, expected {expectedCode}: {result.Error}");
        string error = result.Error.TrimEnd();
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain("   at ", error);
        Assert.StartsWith("error: ", error);
        return error;
    }

    /// <summary>One epoch of ResNet20 on 64 sample images: about a second.</summary>
    private static string[] TinyTrain(string folder, params string[] more) =>
        ["train", "-m", "ResNet20", "--data", "sample", "--train-images", "64", "--test-images", "40", "-e", "1", "-b", "32",
            "-t", "1", "-o", folder, .. more];

    private static TrainingOptions Tiny(params string[] models) => new()
    {
        Models = models, Data = "sample", TrainImages = 160, TestImages = 50, Epochs = 2, BatchSize = 32, Threads = 1, Seed = 3,
    };

    // 1. `-o` at an existing run folder silently replaced that run.

    [Fact]
    public void AnOutputFolderHoldingARunIsRefusedUnlessOverwriteIsGiven()
    {
        using var scratch = TestData.Scratch();
        string run = scratch.File("run");
        var first = Run(TinyTrain(run));
        Assert.True(first.Code == 0, first.Error);
        string checkpoint = Path.Combine(run, "ResNet20.ckpt");
        byte[] original = File.ReadAllBytes(checkpoint);

        string refused = OneLineError(Run(TinyTrain(run, "--seed", "2")), CliApp.Usage);
        Assert.Equal($"error: --output {run}: already holds a training run (ResNet20.ckpt, accuracy.png, loss.png, metrics.csv, run.json); " +
                     $"continue it with `arch train --resume {run}`, replace it with --overwrite, or choose another --output", refused);
        Assert.Equal(original, File.ReadAllBytes(checkpoint));

        // Data that fails to load leaves the old run alone even with --overwrite.
        OneLineError(Run("train", "-m", "ResNet20", "--data", scratch.File("no-such-data"), "-t", "1", "-o", run, "--overwrite"), CliApp.Failed);
        Assert.Equal(original, File.ReadAllBytes(checkpoint));
        Assert.Contains("keeps the options", OneLineError(Run("train", "--resume", run, "--seed", "2"), CliApp.Usage));
        Assert.Contains("--overwrite: a resumed run continues its folder",
            OneLineError(Run("train", "--resume", run, "--overwrite"), CliApp.Usage));

        // --overwrite replaces the run: no checkpoint of the old one is left to be mistaken for the new one's.
        File.WriteAllText(Path.Combine(run, "SEResNet20.ckpt"), "the old run's other model");
        var replaced = Run(TinyTrain(run, "--seed", "2", "--overwrite"));
        Assert.True(replaced.Code == 0, replaced.Error);
        Assert.False(File.Exists(Path.Combine(run, "SEResNet20.ckpt")));
        Assert.NotEqual(original, File.ReadAllBytes(checkpoint));
        Assert.Equal(2, Checkpoint.ReadHeader(checkpoint).Options!.Seed);
    }

    [Fact]
    public void TheLibraryRefusesARunFolderToo()
    {
        using var scratch = TestData.Scratch();
        // An existing folder without a run in it is fine (an empty folder made for the purpose).
        TrainingRun.Create(scratch.Path, Tiny("ResNet20"));
        var e = Assert.Throws<RunFolderExistsException>(() => TrainingRun.Create(scratch.Path, Tiny("ResNet20")));
        Assert.Equal(new[] { "run.json" }, e.Files);
        Assert.Contains("TrainingRun.Resume", e.Message);
        Assert.Contains("overwrite: true", e.Message);
        Assert.Equal(5, TrainingRun.Create(scratch.Path, Tiny("ResNet20") with { Seed = 5 }, overwrite: true).Options.Seed);
    }

    // 2. `-t 100000` hung with no output.

    [Fact]
    public void ThreadsAreBoundedWithAClearError()
    {
        int max = TrainingOptions.MaxThreads;
        Assert.Equal(4 * Environment.ProcessorCount, max);
        new TrainingOptions { Threads = max }.Validate();
        var e = Assert.Throws<OptionsException>(() => new TrainingOptions { Threads = max + 1 }.Validate());
        Assert.Equal($"TrainingOptions.Threads {max + 1}: must be at most {max} (4 per core; this machine has {Environment.ProcessorCount}), " +
                     "or 0: one per core", e.Message);

        using var scratch = TestData.Scratch();
        string run = scratch.File("run");
        string error = OneLineError(Run("train", "-m", "ResNet20", "--data", "sample", "-t", "100000", "-o", run), CliApp.Usage);
        Assert.StartsWith("error: --threads 100000: must be at most ", error);
        Assert.False(Directory.Exists(run));
        // A resumed run may change --threads, within the same bound.
        Assert.True(Run(TinyTrain(run)).Code == 0);
        Assert.StartsWith("error: --threads 100000: must be at most ",
            OneLineError(Run("train", "--resume", run, "-t", "100000"), CliApp.Usage));
    }

    // 3. PyTorch state_dict import: non-contiguous tensors, a transposed weight, a damaged file.

    private static string Gunzip(ScratchFolder scratch, string fixture)
    {
        string path = scratch.File(fixture.Replace(".gz", ""));
        using var gz = new GZipStream(File.OpenRead(TestData.Fixture(fixture)), CompressionMode.Decompress);
        using var file = File.Create(path);
        gz.CopyTo(file);
        return path;
    }

    [Fact]
    public void TensorsSavedWithAnyStridesAreReadAsTheirValues()
    {
        // weight: a transposed view of storage 0..11; bias: a view at offset 12 of the same storage
        // (scripts/make_strided_fixtures.py).
        using var scope = NewDisposeScope();
        var read = PyTorchStateDict.Read(TestData.Fixture("strided-linear.pt"));
        Assert.Equal(new long[] { 3, 4 }, read["weight"].shape);
        Assert.Equal(new float[] { 0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11 }, read["weight"].data<float>().ToArray());
        Assert.Equal(new float[] { 12, 13, 14 }, read["bias"].data<float>().ToArray());
        Assert.True(read["weight"].is_contiguous());

        using var linear = nn.Linear(4, 3);
        PyTorchStateDict.Import(linear, "Linear", TestData.Fixture("strided-linear.pt"));
        Assert.True(linear.weight!.eq(read["weight"]).all().item<bool>());
        Assert.True(linear.bias!.eq(read["bias"]).all().item<bool>());
    }

    [Fact]
    public void ANetworkSavedChannelsLastImportsWithEveryValueInPlace()
    {
        using var scratch = TestData.Scratch();
        string path = Gunzip(scratch, "seresnet20-channels-last.pt.gz");
        using var model = new SEResNet20();
        PyTorchStateDict.Import(model, "SEResNet20", path);
        using var scope = NewDisposeScope();
        foreach (var (key, value) in model.state_dict())
        {
            // The fixture's pattern: (k mod 7) / 8 at logical index k; num_batches_tracked 100.
            var expected = value.is_floating_point()
                ? (arange(value.numel()) % 7).to(float32).div(8).reshape(value.shape)
                : full(value.shape, 100L, value.dtype);
            Assert.True(value.eq(expected).all().item<bool>(), key);
        }
    }

    [Fact]
    public void ATransposedWeightIsAShapeMismatchNamingTheKey()
    {
        using var scratch = TestData.Scratch();
        string path = Gunzip(scratch, "seresnet20-transposed.pt.gz");
        using var model = new SEResNet20();
        var e = Assert.Throws<StateDictMismatchException>(() => PyTorchStateDict.Import(model, "SEResNet20", path));
        Assert.Equal($"fc.weight: the {path} has shape [64, 10], the SEResNet20 expects [10, 64] (the transpose: a weight saved as W.t()?)", e.Message);
    }

    [Theory]
    [InlineData(100, "strided-linear/data.pkl fails its CRC-32 check")]   // inside the pickle
    [InlineData(400, "strided-linear/data/0 fails its CRC-32 check")]     // inside the tensor bytes
    [InlineData(700, "damaged or truncated (")]                            // an entry's offset in the central directory
    public void ADamagedFileIsNamedWithWhatIsDamaged(int offset, string expected)
    {
        using var scratch = TestData.Scratch();
        string path = scratch.File("damaged.pt");
        byte[] bytes = File.ReadAllBytes(TestData.Fixture("strided-linear.pt"));
        for (int i = offset; i < offset + 8; i++) bytes[i] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => PyTorchStateDict.Read(path));
        Assert.StartsWith($"{path}: damaged", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ATruncatedFileIsNamed()
    {
        using var scratch = TestData.Scratch();
        string path = scratch.File("truncated.pt");
        File.WriteAllBytes(path, File.ReadAllBytes(TestData.Fixture("strided-linear.pt")).AsSpan(0, 600).ToArray());
        var e = Assert.Throws<InvalidDataException>(() => PyTorchStateDict.Read(path));
        Assert.StartsWith($"{path}: damaged or truncated (the central directory: ", e.Message);
    }

    [Fact]
    public void ImportOnTheCommandLineTakesStridedFilesAndNamesBadOnes()
    {
        using var scratch = TestData.Scratch();
        string channelsLast = Gunzip(scratch, "seresnet20-channels-last.pt.gz");
        string checkpoint = scratch.File("imported.ckpt");
        var imported = Run("import", channelsLast, "--model", "SEResNet20", "--no-eval", "-o", checkpoint);
        Assert.True(imported.Code == 0, imported.Error);
        Assert.Contains("164 tensors match SEResNet20", imported.Out);
        Assert.True(File.Exists(checkpoint));

        string transposed = Gunzip(scratch, "seresnet20-transposed.pt.gz");
        Assert.Equal($"error: fc.weight: the {transposed} has shape [64, 10], the SEResNet20 expects [10, 64] (the transpose: a weight saved as W.t()?)",
            OneLineError(Run("import", transposed, "--model", "SEResNet20", "--no-eval"), CliApp.Failed));

        byte[] bytes = File.ReadAllBytes(channelsLast);
        for (int i = bytes.Length / 2; i < bytes.Length / 2 + 8; i++) bytes[i] ^= 0xFF;
        string damaged = scratch.File("damaged.pt");
        File.WriteAllBytes(damaged, bytes);
        string error = OneLineError(Run("import", damaged, "--model", "SEResNet20", "--no-eval"), CliApp.Failed);
        Assert.StartsWith($"error: {damaged}: damaged (", error);
        Assert.EndsWith("fails its CRC-32 check)", error);
    }

    // 4. A checkpoint write killed mid-way left `.<model>.ckpt.<pid>.<guid>.tmp` behind forever.

    /// <summary>The id of a process that has ended (a writer killed mid-way).</summary>
    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        int id = process.Id;
        process.Kill();
        process.WaitForExit();
        return id;
    }

    private static string Temporary(string folder, string target, int pid) =>
        Path.Combine(folder, $".{target}.{pid}.{Guid.NewGuid():N}.tmp");

    [Fact]
    public void TemporariesOfDeadWritersAreRemovedAndLiveOnesKept()
    {
        using var scratch = TestData.Scratch();
        int dead = DeadProcessId();
        string stale = Temporary(scratch.Path, "ResNet20.ckpt", dead);
        string otherStale = Temporary(scratch.Path, "metrics.csv", dead);
        string live = Temporary(scratch.Path, "ResNet20.ckpt", Environment.ProcessId);
        string unrelated = scratch.File(".notes.tmp");
        foreach (var path in new[] { stale, otherStale, live, unrelated }) File.WriteAllText(path, "partial");

        // A write of a target removes the dead writers' temporaries of that target only.
        AtomicFile.WriteAllText(scratch.File("ResNet20.ckpt"), "complete");
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(otherStale));

        Assert.Equal(new[] { otherStale }, AtomicFile.RemoveStaleTemporaries(scratch.Path));
        Assert.True(File.Exists(live));       // its writer may be writing it now
        Assert.True(File.Exists(unrelated));  // not a name AtomicFile gives
        Assert.Equal("complete", File.ReadAllText(scratch.File("ResNet20.ckpt")));
    }

    [Fact]
    public void ResumingARunFolderRemovesItsStaleTemporaries()
    {
        using var scratch = TestData.Scratch();
        string run = scratch.File("run");
        Assert.True(Run(TinyTrain(run)).Code == 0);
        // A second model's checkpoint write was killed: nothing would ever rewrite that target again.
        string stale = Temporary(run, "SEResNet20.ckpt", DeadProcessId());
        File.WriteAllText(stale, "partial");
        var resumed = Run("train", "--resume", run, "-t", "1");
        Assert.True(resumed.Code == 0, resumed.Error);
        Assert.False(File.Exists(stale));
    }

    // 5. `--resume` of a finished run whose checkpoint was deleted retrained from scratch silently.

    [Fact]
    public void ResumingWithoutTheCheckpointOfATrainedModelIsRefused()
    {
        using var scratch = TestData.Scratch();
        string run = scratch.File("run");
        Assert.True(Run(TinyTrain(run)).Code == 0);
        string checkpoint = Path.Combine(run, "ResNet20.ckpt");
        File.Delete(checkpoint);
        Assert.Equal($"error: {checkpoint}: missing, but ResNet20 had trained in this run ({TrainingRun.MetricsFile} records 1 epoch of it); " +
                     "resuming would train it again from scratch. Put the checkpoint back, or start a new run",
            OneLineError(Run("train", "--resume", run, "-t", "1"), CliApp.Failed));
        Assert.False(File.Exists(checkpoint));
    }

    [Fact]
    public void AModelWithoutACheckpointResumesOnlyWhenItHadNotTrained()
    {
        using var scratch = TestData.Scratch();
        // Interrupted before the first epoch ended: nothing trained, both models start when it resumes.
        TrainingRun.Create(scratch.Path, Tiny("ResNet20", "SEResNet20"));
        Assert.True(TrainingRun.Resume(scratch.Path).IsResume);

        // The second model has a checkpoint, so the first had finished: its missing checkpoint was deleted.
        File.WriteAllText(scratch.File("SEResNet20.ckpt"), "not read before the check");
        var e = Assert.Throws<CheckpointException>(() => TrainingRun.Resume(scratch.Path));
        Assert.StartsWith($"{scratch.File("ResNet20.ckpt")}: missing, but ResNet20 had trained in this run (SEResNet20, trained after it, has started)",
            e.Message);
    }

    // 6. A run whose loss became NaN (`--lr 1e6`) exited 0.

    [Fact]
    public void ADivergingRunExitsNonZeroAndSavesNoNonFiniteWeights()
    {
        using var scratch = TestData.Scratch();
        string run = scratch.File("run");
        string error = OneLineError(Run(TinyTrain(run, "--lr", "1e6")), CliApp.Failed);
        Assert.StartsWith("error: ResNet20: ", error);
        Assert.Contains("training stopped, no checkpoint was written", error);
        Assert.False(File.Exists(Path.Combine(run, "ResNet20.ckpt")));
    }

    /// <summary>
    /// Sets a buffer of its own to NaN in a given training call: the loss of that step is finite, the state is not (as
    /// when a step's update overflows). The buffer takes no part in the forward pass, so autograd is not disturbed.
    /// </summary>
    private sealed class PoisonsStateAfter : nn.Module<Tensor, Tensor>
    {
        private readonly ResNet20 inner = new();
        private readonly int _lastCall;
        private int _calls;

        public PoisonsStateAfter(int lastCall) : base(nameof(PoisonsStateAfter))
        {
            _lastCall = lastCall;
            RegisterComponents();
            register_buffer("calibration", zeros(4));
        }

        public override Tensor forward(Tensor x)
        {
            if (training && ++_calls == _lastCall)
                using (no_grad()) get_buffer("calibration")!.fill_(float.NaN);
            return inner.call(x);
        }
    }

    [Fact]
    public void NonFiniteWeightsAfterAFiniteLastStepStopTheRunBeforeTheCheckpoint()
    {
        using var scratch = TestData.Scratch();
        // 5 steps per epoch: the 10th training call ends epoch 2 with a finite loss and a NaN buffer.
        var poisoned = new ArchitectureInfo(typeof(PoisonsStateAfter), ResNet20.Report, () => new PoisonsStateAfter(lastCall: 10));
        var run = TrainingRun.Create(scratch.Path, Tiny("ResNet20"));
        string checkpoint = run.CheckpointPath("ResNet20");
        var observer = new RecordingObserver();
        var e = Assert.Throws<TrainingDivergedException>(() => run.Execute([poisoned], observer, CancellationToken.None));
        Assert.StartsWith("ResNet20: calibration holds non-finite values after epoch 2 (learning rate ", e.Message);
        Assert.EndsWith($"training stopped, the last good checkpoint {checkpoint} is kept", e.Message);
        Assert.Equal(10, observer.Steps);
        Assert.Equal(1, Checkpoint.ReadHeader(checkpoint).Epoch);
        using var wrapper = new PoisonsStateAfter(int.MaxValue);
        Checkpoint.Load(checkpoint, wrapper, "ResNet20", null);
        Assert.All(wrapper.state_dict(), p => Assert.True(!p.Value.is_floating_point() || isfinite(p.Value).all().item<bool>(), p.Key));
    }
}
