using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Architectures.Reporting;
using Architectures.Studies;
using Architectures.Tests.Training;
using Architectures.Training;
using Architectures.Zoo;
using Xunit;

namespace Architectures.Tests.Studies;

/// <summary>Records which runs start and where, and cancels at a chosen point (like Ctrl+C or a killed process).</summary>
internal sealed class StudyObserver(Func<StepProgress, int, bool>? stopWhen = null, CancellationTokenSource? cancel = null) : ITrainingObserver
{
    public List<ModelStart> Starts { get; } = new();
    public List<string> Messages { get; } = new();

    public void ModelStarting(ModelStart start) => Starts.Add(start);

    public void StepCompleted(StepProgress progress)
    {
        if (stopWhen?.Invoke(progress, Starts.Count) == true) cancel!.Cancel();
    }

    public void EpochCompleted(EpochRecord record, string checkpointPath) { }
    public void ModelCompleted(string model, ModelHistory history) { }
    public void Info(string message) => Messages.Add(message);
}

/// <summary>The study runner on the embedded sample: 2 networks × 2 seeds on a few images, resumed after an interruption.</summary>
public class StudyRunTests
{
    private static Study Tiny() => Study.Create("tiny", ResNet20.Info,
        [new StudyVariant("no SE", ResNet20.Info), new StudyVariant("SE", SEResNet20.Info)], reference: null);

    private static StudySettings Settings(int epochs) => new()
    {
        Seeds = 2,
        Training = new TrainingOptions { Data = "sample", TrainImages = 100, TestImages = 50, BatchSize = 25, Epochs = epochs, Threads = 1 },
    };

    [Fact]
    public void TrainsEveryNetworkWithEverySeedAndTabulates()
    {
        Runtime.TorchSetup.Once();
        using var scratch = TestData.Scratch();
        var run = StudyRun.Open(scratch.Path, Settings(epochs: 1));
        var observer = new StudyObserver();
        var results = run.Execute([Tiny()], observer, CancellationToken.None).Single();

        // Seed by seed: every network's first seed before any second one.
        Assert.Equal(["ResNet20", "SEResNet20", "ResNet20", "SEResNet20"], observer.Starts.Select(s => s.Architecture.Name));
        foreach (string network in new[] { "ResNet20", "SEResNet20" })
            foreach (int seed in new[] { 1, 2 })
            {
                string folder = run.RunFolder(network, seed);
                Assert.True(File.Exists(Path.Combine(folder, network + ".ckpt")), folder);
                Assert.True(File.Exists(Path.Combine(folder, "lock")) == false, "the lock goes with the run");
                var saved = TrainingRun.Resume(folder).Options;
                Assert.Equal(seed, saved.Seed);
                Assert.Equal([network], saved.Models);
            }

        Assert.True(results.IsComplete);
        Assert.Equal(["ResNet20", "SEResNet20"], results.Rows.Select(r => r.Architecture.Name));
        foreach (var row in results.Rows)
        {
            Assert.Equal([1, 2], row.Runs.Select(r => r.Seed));
            var errors = row.Runs.Select(r => r.Top1Error).ToList();
            Assert.All(errors, e => Assert.InRange(e, 0, 100));
            Assert.Equal(errors.Average(), row.Top1ErrorMean, 9);
            Assert.Equal(Math.Abs(errors[0] - errors[1]) / Math.Sqrt(2), row.Top1ErrorSd, 9);
            Assert.True(row.ImagesPerSecondMean > 0);
        }
        // Different seeds, different runs: the two seeds' weights start apart, so their losses differ.
        var seeds = results.Rows[1].Runs.Select(r => r.History.Epochs[0].TrainLoss).ToList();
        Assert.NotEqual(seeds[0], seeds[1]);
        // The first variant is the reference; here it is the base too.
        Assert.Contains("| no SE (base) | ResNet20 | 272,186 |", results.ToMarkdown());
        Assert.Contains("| SE | SEResNet20 | 280,670 |", results.ToMarkdown());
    }

    [Fact]
    public void HalfFinishedStudyResumesWithoutRepeatingFinishedRuns()
    {
        Runtime.TorchSetup.Once();
        using var scratch = TestData.Scratch();
        var cancel = new CancellationTokenSource();
        // Stop in the second epoch of the third run (ResNet20, seed 2): runs 1–2 are done, run 3 has its epoch-1 checkpoint.
        var first = new StudyObserver((step, started) => started == 3 && step.Epoch == 2 && step.StepInEpoch == 2, cancel);
        Assert.ThrowsAny<OperationCanceledException>(() =>
            StudyRun.Open(scratch.Path, Settings(epochs: 2)).Execute([Tiny()], first, cancel.Token));

        var run = StudyRun.Open(scratch.Path, requested: null);
        Assert.NotNull(run.Finished("ResNet20", 1));
        Assert.NotNull(run.Finished("SEResNet20", 1));
        Assert.Null(run.Finished("ResNet20", 2));
        Assert.Null(run.Finished("SEResNet20", 2));
        var partial = run.Results(Tiny());
        Assert.False(partial.IsComplete);
        Assert.Contains("(1 of 2 seeds)", partial.ToMarkdown());

        var done = Directory.GetFiles(scratch.Path, "*.ckpt", SearchOption.AllDirectories)
            .Where(p => p.Contains("seed-1")).ToDictionary(p => p, File.GetLastWriteTimeUtc);
        var second = new StudyObserver();
        var results = run.Execute([Tiny()], second, CancellationToken.None).Single();

        // Only the unfinished runs train: the interrupted one from its checkpoint (epoch 2 of 2), the other from scratch.
        Assert.Equal([("ResNet20", 1), ("SEResNet20", 0)], second.Starts.Select(s => (s.Architecture.Name, s.FirstEpoch)));
        Assert.Equal(2, second.Messages.Count(m => m.Contains("finished earlier, skipped")));
        Assert.All(done, p => Assert.Equal(p.Value, File.GetLastWriteTimeUtc(p.Key)));
        Assert.True(results.IsComplete);
        Assert.All(results.Rows, r => Assert.Equal(2, r.Runs.Count));
        Assert.All(results.Rows.SelectMany(r => r.Runs), r => Assert.Equal(2, r.History.Epochs.Count));
    }

    [Fact]
    public void RunsGoStudyByStudyAndSeedBySeedWithoutRepeats()
    {
        using var scratch = TestData.Scratch();
        var run = StudyRun.Open(scratch.Path, Settings(epochs: 1));
        var squeeze = Study.Create("squeeze", ResNet20.Info, [new StudyVariant("avg", SEResNet20.Info), new StudyVariant("max", MaxSqueezeSEResNet20.Info)]);
        var gate = Study.Create("gate", ResNet20.Info, [new StudyVariant("sigmoid", SEResNet20.Info), new StudyVariant("tanh", TanhGateSEResNet20.Info)]);
        Assert.Equal(
        [
            ("ResNet20", 1), ("SEResNet20", 1), ("MaxSqueezeSEResNet20", 1), ("ResNet20", 2), ("SEResNet20", 2), ("MaxSqueezeSEResNet20", 2),
            ("TanhGateSEResNet20", 1), ("TanhGateSEResNet20", 2),
        ], run.Plan([squeeze, gate]).Select(p => (p.Network.Name, p.Seed)));
    }

    [Fact]
    public void AFolderKeepsItsSettings()
    {
        using var scratch = TestData.Scratch();
        StudyRun.Open(scratch.Path, Settings(epochs: 2));
        var changed = Assert.Throws<OptionsException>(() => StudyRun.Open(scratch.Path, Settings(epochs: 3)));
        Assert.Contains("Epochs: the study folder", changed.Message);
        Assert.Contains("was started with 2, not 3", changed.Message);
        // The thread count may change; no settings at all takes the saved ones.
        Assert.Equal(2, StudyRun.Open(scratch.Path, Settings(epochs: 2) with { Training = Settings(2).Training with { Threads = 2 } }).Settings.Training.Epochs);
        Assert.Equal(2, StudyRun.Open(scratch.Path, requested: null).Settings.Seeds);
        Assert.Contains("not a study folder", Assert.Throws<CheckpointException>(() => StudyRun.Open(scratch.File("none"), null)).Message);
        Assert.Contains("--seeds 0", Assert.Throws<OptionsException>(() => StudyRun.Open(scratch.File("new"), Settings(2) with { Seeds = 0 })).Message);
    }
}
