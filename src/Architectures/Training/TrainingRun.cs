using System;
using System.Collections.Generic;
using System.Globalization;
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
    /// <param name="folder">The run folder to create.</param>
    /// <param name="options">The run's options (validated here).</param>
    /// <param name="overwrite">Replace a run already in <paramref name="folder"/>.</param>
    /// <param name="architectures">
    /// The networks to be trained where they are not registered (hand-written modules): data is decoded to and
    /// checked against their declarations. Default: <see cref="TrainingOptions.Models"/> looked up in the registry.
    /// </param>
    public static TrainingRun Create(string folder, TrainingOptions options, bool overwrite = false,
        IReadOnlyList<ArchitectureInfo>? architectures = null)
    {
        options.Validate();
        var existing = ExistingRunFiles(folder);
        if (existing.Count > 0 && !overwrite) throw new RunFolderExistsException(folder, existing);
        architectures ??= options.Models.Select(ArchitectureRegistry.Find).OfType<ArchitectureInfo>().ToList();
        var data = LoadData(options, architectures.FirstOrDefault()?.Report);
        CheckDeclarations(options, data, architectures);
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

    /// <summary>
    /// Re-opens a run folder with the options it was started with; <paramref name="threads"/> may differ;
    /// <paramref name="architectures"/> as for <see cref="Create"/>.
    /// </summary>
    public static TrainingRun Resume(string folder, int? threads = null, IReadOnlyList<ArchitectureInfo>? architectures = null)
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
        var data = LoadData(options, architectures?.FirstOrDefault()?.Report);
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
        // Every model is checked before the first one trains: a mismatch in the last must not cost the first's training.
        CheckDeclarations(Options, data, architectures);
        observer.Info($"data: {data.Source}; training on {data.Train}, {(Options.ValidationSplit > 0 ? "validating" : "testing")} on {data.Test}");
        if (data.Normalization is { } normalization) observer.Info($"normalisation: {normalization}");
        if (data.SkippedFiles.Count > 0)
            observer.Info($"skipped {data.SkippedFiles.Count} unreadable image{(data.SkippedFiles.Count == 1 ? "" : "s")}: " +
                          string.Join(", ", data.SkippedFiles.Take(3)) + (data.SkippedFiles.Count > 3 ? ", …" : ""));
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

    /// <summary>
    /// The training and evaluation sets of a run: loaded as <see cref="TrainingOptions.Data"/> says (an image folder is
    /// decoded to the channels and size <paramref name="declaration"/> declares — by default the first of the
    /// options' models that is registered), a validation split held out when asked for, the normalisation fixed
    /// (given, the source's, or the training images'), then limited to balanced subsets when the options ask for it.
    /// </summary>
    public static DatasetSplit LoadData(TrainingOptions options, ArchitectureReport? declaration = null)
    {
        declaration ??= options.Models.Select(ArchitectureRegistry.Find).OfType<ArchitectureInfo>().FirstOrDefault()?.Report;
        var request = new DataRequest(declaration?.InputChannels ?? 0, declaration?.InputSize ?? 0, options.SkipBadImages);
        var data = DataSources.Load(options.Data, request);
        var train = data.Train;
        var test = data.Test;
        string source = data.Source;
        if (options.ValidationSplit > 0)
        {
            (train, test) = train.SplitValidation(options.ValidationSplit, options.Seed);
            source += string.Create(CultureInfo.InvariantCulture,
                $"; {options.ValidationSplit * 100:0.##}% of each class held out for validation (seed {options.Seed})");
        }
        else if (!data.HasTestSet)
        {
            throw new OptionsException(
                $"{data.Source} has no test images (no test/ or val/ folder beside train/): set TrainingOptions.ValidationSplit " +
                "to hold out part of the training images for evaluation", "TrainingOptions.ValidationSplit");
        }

        Normalization normalization;
        if (options.Mean is { } mean && options.Std is { } std)
        {
            if (mean.Count != train.Channels)
                throw new OptionsException($"TrainingOptions.Mean and TrainingOptions.Std have {mean.Count} values; the images have {train.Channels} channels",
                    "TrainingOptions.Mean");
            normalization = new Normalization(mean.ToArray(), std.ToArray());
        }
        else normalization = data.Normalization ?? train.Statistics();

        return data with
        {
            Train = train.Limit(options.TrainImages), Test = test.Limit(options.TestImages), Source = source, Normalization = normalization,
        };
    }

    /// <summary>Refuses data that does not fit a declaration, naming both sides.</summary>
    private static void CheckDeclarations(TrainingOptions options, DatasetSplit data, IEnumerable<ArchitectureInfo> architectures)
    {
        string name = options.Data is "auto" or "sample" or "" ? data.Source : options.Data;
        foreach (var architecture in architectures)
            if (DataCheck.Mismatch(architecture.Report, data.Train, name) is { } mismatch)
                throw new OptionsException(mismatch, "TrainingOptions.Data");
    }

    private void WriteOutputs(IReadOnlyDictionary<string, ModelHistory> histories)
    {
        MetricsCsv.Write(Path.Combine(Folder, MetricsFile), histories.Values.SelectMany(h => h.Epochs));
        WritePlots?.Invoke(Folder, histories);
    }
}
