using System;
using System.Collections.Generic;
using System.Globalization;
using Architectures.Training;
using Spectre.Console;

namespace Architectures.CommandLine.Rendering;

/// <summary>
/// Shows training as it happens: on a terminal a live progress bar per model (loss, accuracy, images/s, ETA) with a
/// line per finished epoch above it; elsewhere (pipes, logs, CI) only the plain per-epoch lines.
/// </summary>
public sealed class TrainingConsole : ITrainingObserver
{
    private readonly IAnsiConsole _console;
    private readonly ProgressContext? _progress;
    private readonly Dictionary<string, ProgressTask> _tasks = new();
    private readonly Dictionary<string, long> _lastRefresh = new();

    public TrainingConsole(IAnsiConsole console, ProgressContext? progress)
    {
        _console = console;
        _progress = progress;
    }

    public void ModelStarting(ModelStart start)
    {
        var report = start.Architecture.Report;
        Line(TrainingLines.ModelStarting(start));
        if (_progress is null) return;
        var task = _progress.AddTask(Markup.Escape(report.Name), maxValue: (double)start.Epochs * start.StepsPerEpoch);
        task.Value = (double)start.FirstEpoch * start.StepsPerEpoch;
        _tasks[report.Name] = task;
    }

    public void StepCompleted(StepProgress p)
    {
        if (_progress is null || !_tasks.TryGetValue(p.Model, out var task)) return;
        task.Value = p.GlobalStep;
        // Re-format the description at most a few times a second; the bar itself refreshes on its own.
        long now = Environment.TickCount64;
        if (_lastRefresh.TryGetValue(p.Model, out long last) && now - last < 250 && p.StepInEpoch != p.StepsPerEpoch) return;
        _lastRefresh[p.Model] = now;
        task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{p.Model} epoch {p.Epoch}/{p.Epochs} step {p.StepInEpoch}/{p.StepsPerEpoch}  loss {p.Loss:F3}  acc {p.Accuracy:P1}  {p.ImagesPerSecond:F0} img/s"));
    }

    public void EpochCompleted(EpochRecord r, string checkpointPath) => Line(TrainingLines.EpochCompleted(r, checkpointPath));

    public void ModelCompleted(string model, ModelHistory history)
    {
        if (_tasks.TryGetValue(model, out var task)) task.StopTask();
    }

    public void Info(string message) => Line(message);

    private void Line(string text) => _console.MarkupLine(Markup.Escape(text));
}
