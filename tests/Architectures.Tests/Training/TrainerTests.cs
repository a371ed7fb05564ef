using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Architectures.Reporting;
using Architectures.Training;
using Architectures.Zoo;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Architectures.Tests.Training;

/// <summary>Counts and optionally interrupts steps, like a user pressing Ctrl+C (or a SIGKILL between checkpoints).</summary>
internal sealed class RecordingObserver(Func<StepProgress, bool>? stopWhen = null, CancellationTokenSource? cancel = null) : ITrainingObserver
{
    public List<EpochRecord> Epochs { get; } = new();
    public int Steps { get; private set; }

    public void ModelStarting(ModelStart start) { }

    public void StepCompleted(StepProgress progress)
    {
        Steps++;
        if (stopWhen?.Invoke(progress) == true) cancel!.Cancel();
    }

    public void EpochCompleted(EpochRecord record, string checkpointPath) => Epochs.Add(record);
    public void ModelCompleted(string model, ModelHistory history) { }
    public void Info(string message) { }
}

/// <summary>A network whose logits turn into NaN after a number of training calls (to exercise the NaN guard).</summary>
internal sealed class PoisonedAfter : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> inner;
    private readonly int _healthyCalls;
    private int _calls;

    public PoisonedAfter(int healthyCalls) : base(nameof(PoisonedAfter))
    {
        inner = new ResNet20();
        _healthyCalls = healthyCalls;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var y = inner.call(x);
        return training && ++_calls > _healthyCalls ? y * float.NaN : y;
    }
}

public class TrainerTests
{
    [Fact]
    public void DroppingGradientsBetweenStepsEqualsZeroingThem()
    {
        // The trainer drops gradients with one native call (set to none) instead of zeroing each: two steps either way
        // give bit-identical weights, and after the drop no parameter holds a gradient (nothing accumulates across steps).
        manual_seed(8);
        using var x = randn(8, 1, 28, 28);
        using var y = randint(0, 10, 8, dtype: int64);
        var results = new List<float[]>();
        foreach (bool drop in new[] { false, true })
        {
            manual_seed(9);
            using var model = new SEResNet20();
            using var optimizer = optim.SGD(model.parameters(), 0.1, 0.9, weight_decay: 5e-4);
            for (int step = 0; step < 2; step++)
            {
                using var scope = NewDisposeScope();
                if (drop)
                {
                    model.zero_grad(set_to_none: true);
                    Assert.All(model.parameters(), p => Assert.Null(p.grad));
                }
                else optimizer.zero_grad();
                nn.functional.cross_entropy(model.call(x), y).backward();
                optimizer.step();
            }
            results.Add(model.parameters().SelectMany(p => p.detach().contiguous().data<float>().ToArray()).ToArray());
        }
        Assert.Equal(results[0], results[1]);
    }

    [Theory]
    [InlineData("auto", DeviceType.CPU, true)]
    [InlineData("auto", DeviceType.CUDA, false)]
    [InlineData("channels-last", DeviceType.CUDA, true)]
    [InlineData("contiguous", DeviceType.CPU, false)]
    public void TheMemoryFormatIsChosenPerDevice(string format, DeviceType device, bool channelsLast)
    {
        var options = new TrainingOptions { MemoryFormat = format };
        options.Validate();
        Assert.Equal(channelsLast, options.UsesChannelsLast(device));
    }

    [Fact]
    public void AnUnknownMemoryFormatIsNamed()
    {
        var e = Assert.Throws<OptionsException>(() => new TrainingOptions { MemoryFormat = "nhwc" }.Validate());
        Assert.Equal("TrainingOptions.MemoryFormat nhwc: must be auto, channels-last or contiguous", e.Message);
    }

    private static TrainingOptions Tiny(params string[] models) => new()
    {
        Models = models, Data = "sample", TrainImages = 160, TestImages = 50, Epochs = 2, BatchSize = 32, Threads = 1, Seed = 3,
    };

    [Theory]
    [InlineData("auto")]        // channels-last on the CPU
    [InlineData("contiguous")]  // what CUDA runs by default
    public void AnInterruptedRunResumesToTheSameResultAsAnUninterruptedOne(string memoryFormat)
    {
        var architecture = Catalog.Find("SEResNet20")!;
        var options = Tiny("SEResNet20") with { MemoryFormat = memoryFormat };
        using var whole = TestData.Scratch();
        var reference = TrainingRun.Create(whole.Path, options)
            .Execute(new[] { architecture }, new RecordingObserver(), CancellationToken.None).Single().History;

        using var broken = TestData.Scratch();
        using var cancel = new CancellationTokenSource();
        var interrupting = new RecordingObserver(p => p.Epoch == 2 && p.StepInEpoch == 2, cancel);
        Assert.Throws<OperationCanceledException>(() =>
            TrainingRun.Create(broken.Path, options).Execute(new[] { architecture }, interrupting, cancel.Token));
        Assert.Equal(1, Checkpoint.ReadHeader(Path.Combine(broken.Path, "SEResNet20.ckpt")).Epoch);

        var resumedObserver = new RecordingObserver();
        var resuming = TrainingRun.Resume(broken.Path);
        resuming.WritePlots = (folder, histories) => Architectures.Plotting.TrainingPlots.Write(folder, histories);
        var resumed = resuming.Execute(new[] { architecture }, resumedObserver, CancellationToken.None).Single().History;
        Assert.Equal(5, resumedObserver.Steps); // only epoch 2 again: 160 images / 32
        Assert.Equal(reference.Epochs.Select(e => (e.TrainLoss, e.TrainAccuracy, e.TestLoss, e.TestAccuracy)),
            resumed.Epochs.Select(e => (e.TrainLoss, e.TrainAccuracy, e.TestLoss, e.TestAccuracy)));

        // The final weights agree bit for bit.
        using var a = architecture.Create();
        using var b = architecture.Create();
        Checkpoint.Load(Path.Combine(whole.Path, "SEResNet20.ckpt"), a, "SEResNet20", null);
        Checkpoint.Load(Path.Combine(broken.Path, "SEResNet20.ckpt"), b, "SEResNet20", null);
        var bState = b.state_dict();
        foreach (var (key, value) in a.state_dict()) Assert.True(value.eq(bState[key]).all().item<bool>(), key);

        // The metrics file holds both epochs once; the plots exist (drawn through the run's plot hook).
        var rows = MetricsCsv.Read(Path.Combine(broken.Path, TrainingRun.MetricsFile));
        Assert.Equal(new[] { "1", "2" }, rows.Select(r => r["epoch"]));
        Assert.True(new FileInfo(Path.Combine(broken.Path, "loss.png")).Length > 1000);
        Assert.True(new FileInfo(Path.Combine(broken.Path, "accuracy.png")).Length > 1000);
    }

    [Fact]
    public void ANaNLossStopsTheRunAndKeepsTheLastGoodCheckpoint()
    {
        using var scratch = TestData.Scratch();
        // 5 steps per epoch; the 7th training call (epoch 2) yields NaN.
        var poisoned = new ArchitectureInfo(typeof(PoisonedAfter), ResNet20.Report, () => new PoisonedAfter(healthyCalls: 6));
        var run = TrainingRun.Create(scratch.Path, Tiny("ResNet20"));
        string checkpoint = run.CheckpointPath("ResNet20");
        var observer = new RecordingObserver();
        byte[]? afterEpoch1 = null;
        var e = Assert.Throws<TrainingDivergedException>(() =>
            run.Execute(new[] { poisoned }, new SnapshotObserver(observer, () => afterEpoch1 = File.ReadAllBytes(checkpoint)), CancellationToken.None));
        Assert.Equal($"ResNet20: loss became NaN at epoch 2, step 2 (learning rate 0.0345); training stopped, the last good checkpoint {checkpoint} is kept", e.Message);
        Assert.Equal(afterEpoch1, File.ReadAllBytes(checkpoint));
        Assert.Equal(1, Checkpoint.ReadHeader(checkpoint).Epoch);
    }

    private sealed class SnapshotObserver(ITrainingObserver inner, Action afterEpoch) : ITrainingObserver
    {
        public void ModelStarting(ModelStart start) => inner.ModelStarting(start);
        public void StepCompleted(StepProgress progress) => inner.StepCompleted(progress);
        public void EpochCompleted(EpochRecord record, string checkpointPath)
        {
            inner.EpochCompleted(record, checkpointPath);
            afterEpoch();
        }
        public void ModelCompleted(string model, ModelHistory history) => inner.ModelCompleted(model, history);
        public void Info(string message) => inner.Info(message);
    }

    [Fact]
    public void TrainingLearnsAndRecordsEveryEpoch()
    {
        using var scratch = TestData.Scratch();
        var options = Tiny("ResNet20") with { Epochs = 3, TrainImages = 320 };
        var observer = new RecordingObserver();
        var history = TrainingRun.Create(scratch.Path, options)
            .Execute(new[] { Catalog.Find("ResNet20")! }, observer, CancellationToken.None).Single().History;
        Assert.Equal(new[] { 1, 2, 3 }, history.Epochs.Select(e => e.Epoch));
        Assert.Equal(30, observer.Steps);
        // From chance (loss ln 10 ≈ 2.30) the training loss must fall on this easy subset.
        Assert.True(history.Epochs[^1].TrainLoss < 2.0, $"train loss {history.Epochs[^1].TrainLoss}");
        Assert.All(history.Epochs, e => Assert.True(e.ImagesPerSecond > 0 && e.RssMiB > 0 && e.DataSeconds >= 0));
    }
}
