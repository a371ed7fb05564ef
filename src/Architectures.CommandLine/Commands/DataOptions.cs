using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using Architectures.Data;
using Architectures.Reporting;
using Architectures.Training;

namespace Architectures.CommandLine.Commands;

/// <summary>
/// The data options the commands share, and the one place where the library's property names in messages
/// (TrainingOptions.ValidationSplit) become the flags a user typed (--validation-split).
/// </summary>
public static class DataOptions
{
    public const string DataDescription =
        "auto (Fashion-MNIST from $FASHION_MNIST_DIR or /usr/share/datasets/fashion-mnist, else the embedded 1,200-image sample), " +
        "sample, idx:DIR (Fashion-MNIST/MNIST IDX files), cifar10:DIR (CIFAR-10 binary batches), imagefolder:DIR " +
        "(DIR/<class>/*.png|jpg, optionally under train/ and test/ or val/; decoded to the network's declared channels and size), " +
        "or a bare DIR of any of these";

    private static readonly (string Property, string Flag)[] Flags =
    {
        ("TrainingOptions.ValidationSplit", "--validation-split"),
        ("TrainingOptions.SkipBadImages", "--skip-bad"),
        ("TrainingOptions.Mean", "--mean"),
        ("TrainingOptions.Std", "--std"),
        ("TrainingOptions.Data", "--data"),
        ("TrainingOptions.Models", "--models"),
        ("TrainingOptions.BatchSize", "--batch-size"),
        ("TrainingOptions.EvalBatchSize", "--eval-batch-size"),
        ("TrainingOptions.Epochs", "--epochs"),
        ("TrainingOptions.LearningRate", "--lr"),
        ("TrainingOptions.Momentum", "--momentum"),
        ("TrainingOptions.WeightDecay", "--weight-decay"),
        ("TrainingOptions.Nesterov", "--nesterov"),
        ("TrainingOptions.StepEpochs", "--step-epochs"),
        ("TrainingOptions.Gamma", "--gamma"),
        ("TrainingOptions.TrainImages", "--train-images"),
        ("TrainingOptions.TestImages", "--test-images"),
        ("TrainingOptions.Threads", "--threads"),
        ("TrainingOptions.Device", "--device"),
        ("TrainingOptions.MemoryFormat", "--memory-format"),
    };

    public static Option<string> Data(string defaultValue) =>
        new("--data", "-d") { Description = DataDescription, DefaultValueFactory = _ => defaultValue };

    public static Option<bool> SkipBad() =>
        new("--skip-bad") { Description = "Skip images that cannot be decoded (their count is printed) instead of stopping at the first" };

    /// <summary>Rewrites property names in a message as flags.</summary>
    public static string ToFlags(string message) =>
        Flags.Aggregate(message, (text, pair) => text.Replace(pair.Property, pair.Flag, StringComparison.Ordinal));

    /// <summary>
    /// Runs a command's action with image folders loadable, and says the flags, not the properties, in the messages of
    /// the errors a user can fix.
    /// </summary>
    public static int Mapped(Func<int> action)
    {
        ImageFolderSource.Register();
        try
        {
            return action();
        }
        catch (OptionsException e) when (ToFlags(e.Message) != e.Message)
        {
            throw new OptionsException(ToFlags(e.Message), e.Property);
        }
        catch (InvalidDataException e) when (ToFlags(e.Message) != e.Message)
        {
            throw new InvalidDataException(ToFlags(e.Message), e);
        }
    }

    /// <summary>Parses "0.485,0.456,0.406"; null when not given.</summary>
    public static IReadOnlyList<float>? ParseList(string? text, string flag)
    {
        if (text is null) return null;
        var values = new List<float>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!float.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
                throw new OptionsException($"{flag} {text}: {part} is not a number (give one value per channel, comma-separated)");
            values.Add(value);
        }
        return values;
    }

    /// <summary>
    /// The evaluation data of a declared network for <c>import</c> and <c>excitations</c>: the source's test set (all
    /// of its images where it has none), decoded to the declaration, with the normalisation training used.
    /// </summary>
    public static (BatchSource Batches, DatasetSplit Data, string? Mismatch) TestData(ArchitectureReport declaration, string data,
        int limit, bool skipBad)
    {
        if (limit < 0) throw new OptionsException($"--test-images {limit}: must be zero (all) or positive");
        var split = DataSources.Load(data, new DataRequest(declaration.InputChannels, declaration.InputSize, skipBad));
        var test = (split.HasTestSet ? split.Test : split.Train).Limit(limit);
        string name = data is "auto" or "sample" ? split.Source : data;
        var batches = new BatchSource(test, 500, shuffle: false, augment: false, seed: 0, dropLast: false,
            split.Normalization ?? split.Train.Statistics());
        return (batches, split, DataCheck.Mismatch(declaration, test, name));
    }
}
