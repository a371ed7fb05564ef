using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using Architectures.Data;
using Architectures.Reporting;
using TorchSharp;

namespace Architectures.Training;

/// <summary>The output folder cannot be created or written.</summary>
public sealed class OutputFolderException(string message, Exception inner) : IOException(message, inner);

/// <summary>
/// The output folder already holds a training run and replacing it was not asked for. <see cref="Files"/> names what
/// is there; the caller continues it (<see cref="TrainingRun.Resume"/>), replaces it (<c>overwrite: true</c>) or picks
/// another folder.
/// </summary>
public sealed class RunFolderExistsException(string folder, IReadOnlyList<string> files)
    : IOException($"{folder} already holds a training run ({string.Join(", ", files)}): continue it with TrainingRun.Resume, " +
                  "replace it with TrainingRun.Create(folder, options, overwrite: true), or choose another folder")
{
    public string Folder { get; } = folder;
    public IReadOnlyList<string> Files { get; } = files;
}

/// <summary>One model's outcome, for the closing summary.</summary>
public sealed record ModelResult(ArchitectureInfo Architecture, ModelHistory History);

/// <summary>
/// A training run: a folder holding run.json (the options), one checkpoint per model (&lt;Model&gt;.ckpt, rewritten every
/// epoch), metrics.csv, loss.png and accuracy.png. Models are trained one after another on the same data.
/// </summary>
public sealed class TrainingRun
{
    public const string OptionsFile = "run.json";
    public const string MetricsFile = "metrics.csv";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private TrainingRun(string folder, TrainingOptions options, DatasetSplit data, bool resume)
    {
        Folder = folder;
        Options = options;
        Data = data;
        IsResume = resume;
    }

    public string Folder { get; }

    /// <summary>The run's options, with the epoch count resolved.</summary>
    public TrainingOptions Options { get; }

    public DatasetSplit Data { get; }
    public bool IsResume { get; }

    /// <summary>
    /// Draws the training curves into the run folder after every epoch (the command line plots loss.png and
    /// accuracy.png with Architectures.Imaging; plotting is optional, so the core library only calls this hook).
    /// </summary>
    public Action<string, IReadOnlyDictionary<string, ModelHistory>>? WritePlots { get; set; }

    public string CheckpointPath(string model) => Path.Combine(Folder, model + ".ckpt");

    /// <summary>The files a run writes directly in its folder (besides &lt;Model&gt;.ckpt).</summary>
    public static readonly IReadOnlyList<string> RunFiles = [OptionsFile, MetricsFile, "loss.png", "accuracy.png"];

    /// <summary>The run files and checkpoints present in <paramref name="folder"/> (file names, sorted); empty for a new folder.</summary>
    public static IReadOnlyList<string> ExistingRunFiles(string folder) =>
        !Directory.Exists(folder) ? []
            : RunFiles.Where(f => File.Exists(Path.Combine(folder, f)))
                .Concat(Directory.EnumerateFiles(folder, "*.ckpt").Select(Path.GetFileName).OfType<string>())
                .Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Loads the data, then creates the folder and writes run.json: bad data or an unwritable folder fail before any
    /// training, and bad data leaves no folder behind. A folder that already holds a run is refused
    /// (<see cref="RunFolderExistsException"/>) unless <paramref name="overwrite"/> is set; then, once the data has
    /// loaded, that run's files and checkpoints are deleted, so no checkpoint of the old run is mistaken for the new one's.
    /// </summary>
    public static TrainingRun Create(string folder, TrainingOptions options, bool overwrite = false)
    {
        options.Validate();
        var existing = ExistingRunFiles(folder);
        if (existing.Count > 0 && !overwrite) throw new RunFolderExistsException(folder, existing);
        var data = LoadData(options);
        options = options.WithEpochsFor(data.Train.Count);
        try
        {
            foreach (string file in existing) File.Delete(Path.Combine(folder, file));
            Directory.CreateDirectory(folder);
            AtomicFile.RemoveStaleTemporaries(folder);
            AtomicFile.WriteAllText(Path.Combine(folder, OptionsFile), JsonSerializer.Serialize(options, Json));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputFolderException($"output folder {folder} is not writable ({e.Message})", e);
        }
        return new TrainingRun(folder, options, data, resume: false);
    }

    /// <summary>Re-opens a run folder with the options it was started with; <paramref name="threads"/> may differ.</summary>
    public static TrainingRun Resume(string folder, int? threads = null)
    {
        string path = Path.Combine(folder, OptionsFile);
        if (!File.Exists(path)) throw new CheckpointException($"{folder}: not a run folder (no {OptionsFile}); nothing to resume");
        TrainingOptions options;
        try
        {
            options = JsonSerializer.Deserialize<TrainingOptions>(File.ReadAllText(path), Json)
                ?? throw new CheckpointException($"{path}: empty");
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{path}: unreadable ({e.Message})", e);
        }
        if (threads is not null) options = options with { Threads = threads.Value };
        options.Validate();
        CheckCheckpointsPresent(folder, options);
        var data = LoadData(options);
        AtomicFile.RemoveStaleTemporaries(folder);
        return new TrainingRun(folder, options, data, resume: true);
    }

    /// <summary>
    /// A model without a checkpoint starts from scratch when the run resumes: right for one that had not finished an
    /// epoch, wrong for one whose checkpoint was deleted or moved. It had trained when metrics.csv has rows for it or
    /// when a model after it (models train in order) has a checkpoint or rows; then resuming is refused.
    /// </summary>
    private static void CheckCheckpointsPresent(string folder, TrainingOptions options)
    {
        var epochsInMetrics = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        string metrics = Path.Combine(folder, MetricsFile);
        if (File.Exists(metrics))
        {
            try
            {
                foreach (var row in MetricsCsv.Read(metrics))
                    if (row.TryGetValue("model", out var model)) epochsInMetrics[model] = epochsInMetrics.GetValueOrDefault(model) + 1;
            }
            catch (Exception e) when (e is IOException or IndexOutOfRangeException)
            {
                // An unreadable metrics.csv is rewritten by the resumed run; the checkpoints alone decide then.
            }
        }
        var models = options.Models;
        for (int i = 0; i < models.Count; i++)
        {
            string checkpoint = Path.Combine(folder, models[i] + ".ckpt");
            if (File.Exists(checkpoint)) continue;
            string? evidence = epochsInMetrics.TryGetValue(models[i], out int epochs)
                ? $"{MetricsFile} records {epochs} epoch{(epochs == 1 ? "" : "s")} of it"
                : models.Skip(i + 1).FirstOrDefault(later =>
                        File.Exists(Path.Combine(folder, later + ".ckpt")) || epochsInMetrics.ContainsKey(later)) is { } later
                    ? $"{later}, trained after it, has started"
                    : null;
            if (evidence is not null)
                throw new CheckpointException(
                    $"{checkpoint}: missing, but {models[i]} had trained in this run ({evidence}); resuming would train it again " +
                    "from scratch. Put the checkpoint back, or start a new run");
        }
    }

    /// <summary>Loads the data, trains every model and returns their histories. Metrics and plots are rewritten after every epoch.</summary>
    public IReadOnlyList<ModelResult> Execute(IReadOnlyList<ArchitectureInfo> architectures, ITrainingObserver observer,
        CancellationToken cancellation)
    {
        torch.set_num_threads(Options.Threads > 0 ? Options.Threads : Environment.ProcessorCount);
        var device = DeviceSelection.Resolve(Options.Device);
        string? determinism = Options.Deterministic ? DeviceSelection.ApplyDeterminism() : null;
        var data = Data;
        observer.Info($"data: {data.Source}; training on {data.Train}, testing on {data.Test}");
        observer.Info($"{torch.get_num_threads()} LibTorch threads on {DeviceSelection.Describe(device)}; run folder {Folder}");
        if (device.type == DeviceType.CPU && Architectures.Platform.OneDnn.DisabledBecause is not null)
            observer.Info(Architectures.Platform.OneDnn.Describe());
        if (determinism is not null) observer.Info(determinism);

        var histories = new Dictionary<string, ModelHistory>();
        var trainer = new Trainer(Options, data, device, observer)
        {
            EpochFinished = (model, history) =>
            {
                histories[model] = history;
                WriteOutputs(histories);
            },
        };
        var results = new List<ModelResult>();
        foreach (var architecture in architectures)
        {
            var history = trainer.Train(architecture, CheckpointPath(architecture.Name), IsResume, cancellation);
            histories[architecture.Name] = history;
            results.Add(new ModelResult(architecture, history));
        }
        WriteOutputs(histories);
        return results;
    }

    /// <summary>The training and test sets of a run, limited to balanced subsets when the options ask for it.</summary>
    public static DatasetSplit LoadData(TrainingOptions options)
    {
        var data = FashionMnist.Load(options.Data);
        var train = data.Train.Limit(options.TrainImages);
        var test = data.Test.Limit(options.TestImages);
        return data with { Train = train, Test = test };
    }

    private void WriteOutputs(IReadOnlyDictionary<string, ModelHistory> histories)
    {
        MetricsCsv.Write(Path.Combine(Folder, MetricsFile), histories.Values.SelectMany(h => h.Epochs));
        WritePlots?.Invoke(Folder, histories);
    }
}
