using System;
using System.Globalization;
using System.IO;
using Architectures.Reporting;

namespace Architectures.Training;

/// <summary>The lines a training run prints (shared by the plain-text observer and the command line's console).</summary>
public static class TrainingLines
{
    public static string ModelStarting(ModelStart start)
    {
        var report = start.Architecture.Report;
        string where = start.FirstEpoch > 0 ? $", resuming after epoch {start.FirstEpoch}" : "";
        return $"{report.Name}: {report.Parameters:N0} parameters ({report.SEParameters:N0} in SE), " +
               $"{ArchitectureReport.FormatMultiplyAdds(report.MultiplyAdds)} MACs per image; " +
               $"{start.Epochs} epochs of {start.StepsPerEpoch} steps on {start.Device}{(start.ChannelsLast ? " (channels-last)" : "")}{where}";
    }

    public static string EpochCompleted(EpochRecord r, string checkpointPath) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{r.Model} epoch {r.Epoch}: train loss {r.TrainLoss:F4} acc {r.TrainAccuracy:P2} | test loss {r.TestLoss:F4} acc {r.TestAccuracy:P2} | " +
            $"{r.ImagesPerSecond:F1} img/s, data {r.DataShare:P1} of step time | {r.TrainSeconds:F0} s + eval {r.EvalSeconds:F0} s | " +
            $"lr {r.LearningRate:G3} | RSS {r.RssMiB:F0} MiB | checkpoint {checkpointPath}");
}

/// <summary>Writes a line per model start, finished epoch and message to a text writer (a console, a log file).</summary>
public sealed class TextTrainingObserver(TextWriter writer) : ITrainingObserver
{
    public void ModelStarting(ModelStart start) => writer.WriteLine(TrainingLines.ModelStarting(start));
    public void StepCompleted(StepProgress progress) { }
    public void EpochCompleted(EpochRecord record, string checkpointPath) => writer.WriteLine(TrainingLines.EpochCompleted(record, checkpointPath));
    public void ModelCompleted(string model, ModelHistory history) { }
    public void Info(string message) => writer.WriteLine(message);
}
