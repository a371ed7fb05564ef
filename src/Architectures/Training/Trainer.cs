using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Architectures.Data;
using Architectures.Modules;
using Architectures.Reporting;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Architectures.Training;

/// <summary>The loss stopped being a finite number; training stopped and the last good checkpoint was kept.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);

/// <summary>
/// Trains a network — generated or hand-written, any <c>Module&lt;Tensor, Tensor&gt;</c> — with SGD (momentum, weight
/// decay) under a cosine or step schedule, on batches from any <see cref="IBatchSource"/>, minimising a pluggable
/// <see cref="Loss"/> (cross-entropy by default); evaluates after every epoch and writes a checkpoint per epoch. Each
/// step runs in its own dispose scope, so native memory stays flat across epochs.
/// </summary>
public sealed class Trainer
{
    private readonly TrainingOptions _options;
    private readonly IBatchSource _train, _test;
    private readonly string _dataName;
    private readonly Device _device;
    private readonly ITrainingObserver _observer;

    /// <summary>Trains on a loaded data set with the options' batch sizes, augmentation and seed.</summary>
    public Trainer(TrainingOptions options, DatasetSplit data, Device device, ITrainingObserver observer)
        : this(options, TrainBatches(options, data), TestBatches(options, data), device, observer, data.Source)
    {
    }

    /// <summary>Trains on batches of your own making (<paramref name="train"/> is shuffled and augmented as you build it).</summary>
    public Trainer(TrainingOptions options, IBatchSource train, IBatchSource test, Device device, ITrainingObserver observer,
        string dataName = "the training batches")
    {
        _options = options;
        _train = train;
        _test = test;
        _dataName = dataName;
        _device = device;
        _observer = observer;
    }

    /// <summary>Called after every completed epoch with the history so far (the run rewrites its metrics and plots).</summary>
    public Action<string, ModelHistory>? EpochFinished { get; set; }

    /// <summary>The loss minimised: (logits [N, classes], labels [N]) → a scalar mean. Default: cross-entropy.</summary>
    public Func<Tensor, Tensor, Tensor> Loss { get; init; } = CrossEntropy;

    public static Tensor CrossEntropy(Tensor logits, Tensor labels) => nn.functional.cross_entropy(logits, labels);

    public IBatchSource TrainBatches() => _train;

    public IBatchSource TestBatches() => _test;

    /// <summary>The training batches of a loaded data set: shuffled, augmented when the options say so, normalised.</summary>
    public static BatchSource TrainBatches(TrainingOptions options, DatasetSplit data) =>
        new(data.Train, options.BatchSize, shuffle: true, augment: options.Augment, seed: options.Seed, dropLast: true,
            data.Normalization ?? data.Train.Statistics());

    /// <summary>The evaluation batches of a loaded data set, normalised as the training batches are.</summary>
    public static BatchSource TestBatches(TrainingOptions options, DatasetSplit data) =>
        new(data.Test, options.EvalBatchSize, shuffle: false, augment: false, seed: 0, dropLast: false,
            data.Normalization ?? data.Train.Statistics());

    /// <summary>
    /// Trains a fresh instance of <paramref name="architecture"/> for the configured epochs, continuing from
    /// <paramref name="checkpointPath"/> when <paramref name="resume"/> is set and the file exists. Data that does not
    /// fit the declaration (channels, size, classes) is refused before anything is built.
    /// </summary>
    public ModelHistory Train(ArchitectureInfo architecture, string checkpointPath, bool resume, CancellationToken cancellation)
    {
        if (_train is BatchSource { Images: var images } && DataCheck.Mismatch(architecture.Report, images, _dataName) is { } mismatch)
            throw new OptionsException(mismatch, "TrainingOptions.Data");
        // Same seed before every model: each network starts from the same random state whichever runs first.
        random.manual_seed(_options.Seed);
        using var model = architecture.Create();
        return Train(architecture, model, checkpointPath, resume, cancellation);
    }

    /// <summary>
    /// Trains <paramref name="model"/> — any module, generated or hand-written — in place; <paramref name="architecture"/>
    /// names and describes it (for a hand-written module, an <see cref="ArchitectureInfo"/> with a report you write).
    /// </summary>
    public ModelHistory Train(ArchitectureInfo architecture, nn.Module<Tensor, Tensor> model, string checkpointPath, bool resume,
        CancellationToken cancellation)
    {
        string name = architecture.Name;
        var train = _train;
        var test = _test;
        if (train.BatchesPerEpoch == 0)
            throw new OptionsException($"TrainingOptions.BatchSize {_options.BatchSize}: larger than the {train.ImageCount} training images",
                "TrainingOptions.BatchSize");

        model.to(_device);
        bool channelsLast = _options.UsesChannelsLast(_device.type);
        if (channelsLast) Layouts.ToChannelsLast(model);
        // After the device move and the layout change: the optimizer's flat buffer takes the parameters as they are.
        using var optimizer = new FlatSgd(model.parameters(), _options.LearningRate, _options.Momentum, _options.WeightDecay,
            _options.Nesterov);
        var schedule = new LearningRateSchedule(_options.Schedule, _options.LearningRate, train.BatchesPerEpoch, _options.Epochs,
            _options.StepEpochs, _options.Gamma);

        var history = new ModelHistory();
        int firstEpoch = 0;
        long step = 0;
        if (resume && File.Exists(checkpointPath))
        {
            var header = Checkpoint.Load(checkpointPath, model, name, optimizer);
            history = header.History;
            firstEpoch = header.Epoch;
            step = header.Step;
        }

        _observer.ModelStarting(new ModelStart(architecture, _options.Epochs, train.BatchesPerEpoch, firstEpoch, _device.type.ToString(),
            channelsLast));
        for (int epoch = firstEpoch; epoch < _options.Epochs; epoch++)
        {
            var record = TrainEpoch(name, model, optimizer, schedule, train, test, epoch, ref step, history, checkpointPath,
                channelsLast, cancellation);
            // A step can leave the weights non-finite while its own loss (computed before the step) was finite: the
            // last step of an epoch, or an overflow the next forward pass would show. Nothing non-finite is saved.
            string? bad = NonFiniteState(model, record);
            if (bad is not null)
            {
                string kept = File.Exists(checkpointPath) ? $"the last good checkpoint {checkpointPath} is kept" : "no checkpoint was written";
                throw new TrainingDivergedException(
                    $"{name}: {bad} after epoch {epoch + 1} (learning rate {record.LearningRate:G3}); training stopped, {kept}");
            }
            history.Epochs.Add(record);
            // Checkpoint first, then metrics: a crash between the two is repaired when the resumed run rewrites the metrics.
            Checkpoint.Save(checkpointPath, new CheckpointHeader
            {
                Model = name, Epoch = epoch + 1, Step = step, Options = _options, History = history,
            }, model, optimizer);
            _observer.EpochCompleted(record, checkpointPath);
            EpochFinished?.Invoke(name, history);
        }
        _observer.ModelCompleted(name, history);
        return history;
    }

    private EpochRecord TrainEpoch(string name, nn.Module<Tensor, Tensor> model, FlatSgd optimizer,
        LearningRateSchedule schedule, IBatchSource train, IBatchSource test, int epoch, ref long step, ModelHistory history,
        string checkpointPath, bool channelsLast, CancellationToken cancellation)
    {
        model.train();
        int steps = train.BatchesPerEpoch;
        int interval = Math.Max(1, steps / 25);
        double lossSum = 0, intervalLoss = 0;
        long correct = 0, seen = 0, intervalCorrect = 0, intervalSeen = 0;
        long dataTicks = 0;
        double lr = schedule.At(step);
        long start = Stopwatch.GetTimestamp();
        long intervalStart = start;

        using var batches = train.Epoch(epoch).GetEnumerator();
        for (int i = 0; i < steps; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            long dataStart = Stopwatch.GetTimestamp();
            batches.MoveNext();
            var batch = batches.Current;
            var (images, labels) = batch.ToTensors(_device);
            if (channelsLast) images = Layouts.ToChannelsLast(images);
            dataTicks += Stopwatch.GetTimestamp() - dataStart;

            lr = schedule.At(step);
            optimizer.LearningRate = lr;
            // One native call drops every gradient (as PyTorch ≥ 2 does by default): no zero-fill per parameter, and
            // backward hands its result over instead of adding it to zeros (the same values).
            model.zero_grad(set_to_none: true);
            var logits = model.call(images);
            var loss = Loss(logits, labels);
            loss.backward();
            optimizer.Step();
            step++;

            // The loss and the correct count come back in one transfer: on a GPU every read waits for the device.
            var (lossValue, batchCorrect) = ReadLossAndCorrect(loss, logits, labels);
            if (!double.IsFinite(lossValue))
            {
                // The weights in memory took the bad step; the checkpoint on disk did not, and nothing is saved after this.
                string kept = File.Exists(checkpointPath) ? $"the last good checkpoint {checkpointPath} is kept" : "no checkpoint was written yet";
                throw new TrainingDivergedException(
                    $"{name}: loss became {lossValue} at epoch {epoch + 1}, step {i + 1} (learning rate {lr:G3}); training stopped, {kept}");
            }

            lossSum += lossValue * batch.Count;
            correct += batchCorrect;
            seen += batch.Count;
            intervalLoss += lossValue * batch.Count;
            intervalCorrect += batchCorrect;
            intervalSeen += batch.Count;
            if ((i + 1) % interval == 0 || i == steps - 1)
            {
                long now = Stopwatch.GetTimestamp();
                history.Intervals.Add(new IntervalRecord(epoch + (i + 1) / (double)steps, intervalLoss / intervalSeen,
                    (double)intervalCorrect / intervalSeen, intervalSeen, Stopwatch.GetElapsedTime(intervalStart, now).TotalSeconds));
                intervalStart = now;
                intervalLoss = 0;
                intervalCorrect = intervalSeen = 0;
            }
            double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            _observer.StepCompleted(new StepProgress(name, epoch + 1, _options.Epochs, i + 1, steps, step,
                lossSum / seen, (double)correct / seen, seen / elapsed, lr));
        }
        double trainSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        long evalStart = Stopwatch.GetTimestamp();
        var (testLoss, testAccuracy) = Evaluate(model, test, _device, channelsLast, Loss);
        double evalSeconds = Stopwatch.GetElapsedTime(evalStart).TotalSeconds;

        return new EpochRecord
        {
            Model = name, Epoch = epoch + 1, Step = step, LearningRate = lr,
            TrainLoss = lossSum / seen, TrainAccuracy = (double)correct / seen,
            TestLoss = testLoss, TestAccuracy = testAccuracy,
            TrainImages = seen, TrainSeconds = trainSeconds,
            DataSeconds = dataTicks / (double)Stopwatch.Frequency,
            EvalSeconds = evalSeconds,
            RssMiB = Environment.WorkingSet / (1024.0 * 1024.0),
        };
    }

    /// <summary>What is not finite after an epoch (the first weight or buffer, else the test loss), or null.</summary>
    private static string? NonFiniteState(nn.Module<Tensor, Tensor> model, EpochRecord record)
    {
        using (no_grad())
        using (NewDisposeScope())
        {
            foreach (var (key, value) in model.state_dict())
                if (value.is_floating_point() && !isfinite(value).all().item<bool>()) return $"{key} holds non-finite values";
        }
        return double.IsFinite(record.TestLoss) ? null : $"test loss became {record.TestLoss}";
    }

    private static (double Loss, long Correct) ReadLossAndCorrect(Tensor loss, Tensor logits, Tensor labels)
    {
        using var correct = logits.argmax(1).eq(labels).sum().to(float32);
        using var pair = stack(new[] { loss.detach().to(float32), correct }).cpu();
        var values = pair.data<float>();
        return (values[0], (long)values[1]);
    }

    /// <summary>Mean loss (cross-entropy unless given) and accuracy over a whole set, in eval mode (batch-norm running statistics).</summary>
    public static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, IBatchSource batches, Device device,
        bool channelsLast = false, Func<Tensor, Tensor, Tensor>? loss = null)
    {
        model.eval();
        using var noGrad = no_grad();
        double lossSum = 0;
        long correct = 0, seen = 0;
        foreach (var batch in batches.Epoch(0))
        {
            using var scope = NewDisposeScope();
            var (images, labels) = batch.ToTensors(device);
            if (channelsLast) images = Layouts.ToChannelsLast(images);
            var logits = model.call(images);
            lossSum += loss is null
                ? nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>()
                : loss(logits, labels).item<float>() * (double)batch.Count;
            correct += logits.argmax(1).eq(labels).sum().item<long>();
            seen += batch.Count;
        }
        model.train();
        return (lossSum / seen, (double)correct / seen);
    }
}
