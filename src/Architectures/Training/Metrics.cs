using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Architectures.Training;

/// <summary>What one epoch of one model measured. Times are seconds; throughput counts training steps only.</summary>
public sealed record EpochRecord
{
    public required string Model { get; init; }
    public required int Epoch { get; init; }
    public required long Step { get; init; }
    public required double LearningRate { get; init; }
    public required double TrainLoss { get; init; }
    public required double TrainAccuracy { get; init; }
    public required double TestLoss { get; init; }
    public required double TestAccuracy { get; init; }
    public required long TrainImages { get; init; }
    public required double TrainSeconds { get; init; }
    /// <summary>Time the training loop waited for its next batch (preparation runs one batch ahead on a worker).</summary>
    public required double DataSeconds { get; init; }
    public required double EvalSeconds { get; init; }
    /// <summary>Resident set size of the process at the end of the epoch.</summary>
    public required double RssMiB { get; init; }

    public double ImagesPerSecond => TrainSeconds > 0 ? TrainImages / TrainSeconds : 0;
    public double DataShare => TrainSeconds > 0 ? DataSeconds / TrainSeconds : 0;
}

/// <summary>Mean training loss and accuracy over a stretch of steps (about 1/25 of an epoch), and how long it took.</summary>
public sealed record IntervalRecord(double EpochPosition, double TrainLoss, double TrainAccuracy, long Images = 0, double Seconds = 0)
{
    public double ImagesPerSecond => Seconds > 0 ? Images / Seconds : 0;
}

/// <summary>Everything a model's run has measured so far; stored in every checkpoint so a resumed run keeps its curves.</summary>
public sealed record ModelHistory
{
    public List<EpochRecord> Epochs { get; init; } = new();
    public List<IntervalRecord> Intervals { get; init; } = new();

    public double BestTestAccuracy => Epochs.Count == 0 ? 0 : Epochs.Max(e => e.TestAccuracy);
    public double FinalTestAccuracy => Epochs.Count == 0 ? 0 : Epochs[^1].TestAccuracy;
    public double TrainSeconds => Epochs.Sum(e => e.TrainSeconds);
    public double ImagesPerSecond => TrainSeconds > 0 ? Epochs.Sum(e => e.TrainImages) / TrainSeconds : 0;

    /// <summary>
    /// The median throughput of the stretches of steps: on a shared machine a burst of other work slows a few stretches,
    /// and the median is what the model runs at when the cores are its own.
    /// </summary>
    public double MedianImagesPerSecond
    {
        get
        {
            var rates = Intervals.Where(i => i.Seconds > 0).Select(i => i.ImagesPerSecond).Order().ToArray();
            if (rates.Length == 0) return ImagesPerSecond;
            int middle = rates.Length / 2;
            return rates.Length % 2 == 1 ? rates[middle] : (rates[middle - 1] + rates[middle]) / 2;
        }
    }
    public double DataShare => TrainSeconds > 0 ? Epochs.Sum(e => e.DataSeconds) / TrainSeconds : 0;
    public double WallSeconds => Epochs.Sum(e => e.TrainSeconds + e.EvalSeconds);
}

/// <summary>The metrics file of a run: one CSV row per model and epoch, rewritten atomically after every epoch.</summary>
public static class MetricsCsv
{
    public const string Header =
        "model,epoch,step,lr,train_loss,train_acc,test_loss,test_acc,train_images,train_s,images_per_s,data_s,data_share,eval_s,rss_mib";

    public static string Format(IEnumerable<EpochRecord> records)
    {
        var sb = new StringBuilder().AppendLine(Header);
        foreach (var r in records)
        {
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Model},{r.Epoch},{r.Step},{r.LearningRate:G6},{r.TrainLoss:F5},{r.TrainAccuracy:F5},{r.TestLoss:F5},{r.TestAccuracy:F5}," +
                $"{r.TrainImages},{r.TrainSeconds:F2},{r.ImagesPerSecond:F1},{r.DataSeconds:F3},{r.DataShare:F4},{r.EvalSeconds:F2},{r.RssMiB:F0}"));
        }
        return sb.ToString();
    }

    public static void Write(string path, IEnumerable<EpochRecord> records) => AtomicFile.WriteAllText(path, Format(records));

    /// <summary>Reads the file back (used by tests and by anyone post-processing runs).</summary>
    public static List<Dictionary<string, string>> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => header.Zip(l.Split(','), (k, v) => (k, v)).ToDictionary(p => p.k, p => p.v))
            .ToList();
    }
}
