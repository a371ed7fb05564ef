using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Architectures.Training;

/// <summary>
/// A hyper-parameter or option that cannot be used; the message names it and says why. <see cref="Property"/> is the
/// option's property ("TrainingOptions.ValidationSplit") where the message names it, so a front end can say its flag.
/// </summary>
public sealed class OptionsException(string message, string? property = null) : Exception(message)
{
    public string? Property { get; } = property;
}

/// <summary>Everything that defines a training run. Saved as run.json in the run folder, so --resume replays it exactly.</summary>
public sealed partial record TrainingOptions
{
    /// <summary>Architectures to train, one after another, on the same data (e.g. a plain network and its SE twin).</summary>
    public IReadOnlyList<string> Models { get; init; } = new[] { "ResNet20", "SEResNet20" };

    /// <summary>
    /// "auto" (Fashion-MNIST from a standard location, else the embedded sample), "sample", "idx:DIR", "cifar10:DIR",
    /// "imagefolder:DIR", or a bare folder of any of these kinds (see <see cref="Architectures.Data.DataSources"/>).
    /// </summary>
    public string Data { get; init; } = "auto";

    /// <summary>Train on a class-balanced subset of this many training images; 0 = all of them.</summary>
    public int TrainImages { get; init; } = 6000;

    /// <summary>Evaluate on a class-balanced subset of this many test images; 0 = all of them.</summary>
    public int TestImages { get; init; }

    /// <summary>Epochs per model; 0 = enough epochs to see about <see cref="AutoEpochImages"/> training images (the demo).</summary>
    public int Epochs { get; init; }

    /// <summary>Images the automatic epoch count aims at: ~140 steps of 128, about half a minute per model on 2 cores.</summary>
    public const int AutoEpochImages = 18_000;

    /// <summary>The options with an automatic epoch count replaced by a concrete one for a training set of this size.</summary>
    public TrainingOptions WithEpochsFor(int trainImages) =>
        Epochs > 0 ? this : this with { Epochs = Math.Max(1, (int)Math.Round(AutoEpochImages / (double)Math.Max(1, trainImages))) };
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 0.1;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 5e-4;
    public bool Nesterov { get; init; }
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Cosine;

    /// <summary>Step schedule: epochs between decays, and the factor applied at each.</summary>
    public int StepEpochs { get; init; } = 30;
    public double Gamma { get; init; } = 0.1;

    public bool Augment { get; init; } = true;
    public int Seed { get; init; } = 1;

    /// <summary>LibTorch intra-op threads; 0 = one per core; at most <see cref="MaxThreads"/>.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// The most <see cref="Threads"/> a run may ask for: 4 per core. More only adds contention, and LibTorch starts every
    /// thread it is given (100,000 of them hung the machine with no output).
    /// </summary>
    public static int MaxThreads => 4 * Environment.ProcessorCount;

    /// <summary>auto, cpu or cuda.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>
    /// Layout of weights and feature maps while training: "channels-last" (NHWC; LibTorch's oneDNN convolutions on
    /// the CPU train ResNet-20 about 1.3× faster that way here), "contiguous" (NCHW), or "auto": channels-last on the
    /// CPU, contiguous on CUDA. The weights saved are the same either way.
    /// </summary>
    public string MemoryFormat { get; init; } = "auto";

    /// <summary>Whether training on <paramref name="device"/> stores weights and batches channels-last.</summary>
    public bool UsesChannelsLast(TorchSharp.DeviceType device) =>
        MemoryFormat == "channels-last" || (MemoryFormat == "auto" && device == TorchSharp.DeviceType.CPU);

    /// <summary>
    /// LibTorch's deterministic settings (see <see cref="DeviceSelection.ApplyDeterminism"/>): a CUDA run then repeats
    /// bit for bit and a resumed run equals an uninterrupted one. CPU training is deterministic without it.
    /// </summary>
    public bool Deterministic { get; init; }

    public int EvalBatchSize { get; init; } = 500;

    /// <summary>Throws <see cref="OptionsException"/> naming the first invalid value.</summary>
    public void Validate()
    {
        if (Models.Count == 0) throw new OptionsException("TrainingOptions.Models: name at least one architecture", nameof(Models));
        var duplicate = Models.GroupBy(m => m, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new OptionsException($"TrainingOptions.Models: {duplicate.Key} is listed twice", nameof(Models));
        Require(Epochs >= 0, nameof(Epochs), Epochs, "must be at least 1 (or 0: automatic)");
        Require(BatchSize >= 2, nameof(BatchSize), BatchSize, "must be at least 2 (batch norm needs two images)");
        Require(EvalBatchSize >= 1, nameof(EvalBatchSize), EvalBatchSize, "must be at least 1");
        Require(double.IsFinite(LearningRate) && LearningRate > 0, nameof(LearningRate), LearningRate, "must be a positive number");
        Require(double.IsFinite(Momentum) && Momentum >= 0 && Momentum < 1, nameof(Momentum), Momentum, "must be in [0, 1)");
        Require(double.IsFinite(WeightDecay) && WeightDecay >= 0, nameof(WeightDecay), WeightDecay, "must be zero or positive");
        Require(!Nesterov || Momentum > 0, nameof(Nesterov), Nesterov, "needs a positive TrainingOptions.Momentum");
        Require(StepEpochs >= 1, nameof(StepEpochs), StepEpochs, "must be at least 1");
        Require(double.IsFinite(Gamma) && Gamma > 0 && Gamma <= 1, nameof(Gamma), Gamma, "must be in (0, 1]");
        Require(TrainImages >= 0, nameof(TrainImages), TrainImages, "must be zero (all) or positive");
        Require(TestImages >= 0, nameof(TestImages), TestImages, "must be zero (all) or positive");
        Require(Threads >= 0, nameof(Threads), Threads, "must be zero (one per core) or positive");
        Require(Threads <= MaxThreads, nameof(Threads), Threads,
            $"must be at most {MaxThreads} (4 per core; this machine has {Environment.ProcessorCount}), or 0: one per core");
        Require(Device is "auto" or "cpu" or "cuda", nameof(Device), Device, "must be auto, cpu or cuda");
        Require(MemoryFormat is "auto" or "channels-last" or "contiguous", nameof(MemoryFormat), MemoryFormat,
            "must be auto, channels-last or contiguous");
        ValidateData();
    }

    /// <summary>Library messages name the property (TrainingOptions.Epochs); the command line says its flag instead.</summary>
    private static void Require(bool condition, string property, object value, string rule)
    {
        if (!condition)
            throw new OptionsException($"TrainingOptions.{property} {Convert.ToString(value, CultureInfo.InvariantCulture)}: {rule}", property);
    }
}
