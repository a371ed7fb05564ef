using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Threading;
using Architectures.Reporting;
using Architectures.Training;

namespace Architectures.Studies;

/// <summary>What every run of a study folder shares: the training options (data, schedule, epochs) and the seeds.</summary>
public sealed record StudySettings
{
    /// <summary>Options of every run; <see cref="TrainingOptions.Models"/> and <see cref="TrainingOptions.Seed"/> are set per run.</summary>
    public required TrainingOptions Training { get; init; }

    /// <summary>Runs per network (the paper reports single runs; three give a mean and a spread).</summary>
    public int Seeds { get; init; } = 3;

    public int FirstSeed { get; init; } = 1;

    [JsonIgnore]
    public IReadOnlyList<int> SeedList => Enumerable.Range(FirstSeed, Seeds).ToList();

    public void Validate()
    {
        if (Seeds < 1) throw new OptionsException($"--seeds {Seeds}: must be at least 1");
        Training.Validate();
    }
}

/// <summary>One finished run: a network trained with one seed.</summary>
public sealed record RunOutcome(string Network, int Seed, string Folder, ModelHistory History)
{
    /// <summary>Top-1 error (%) on the test set after the last epoch.</summary>
    public double Top1Error => 100 * (1 - History.FinalTestAccuracy);

    /// <summary>Median training throughput of the run (robust to bursts of other work on a shared machine).</summary>
    public double ImagesPerSecond => History.MedianImagesPerSecond;
}

/// <summary>
/// Runs studies in a folder: study.json (the shared settings), one training run per network and seed under
/// runs/&lt;Network&gt;/seed-&lt;n&gt;/ (a <see cref="TrainingRun"/> folder), and each study's table, CSV and plot. Runs are
/// keyed by network, so studies that share a network (the standard SE block is in most tables) train it once.
/// Resumable: finished runs are read back, an interrupted run continues from its last checkpoint. Several processes may
/// work on one folder at once (one per core, say): each run is locked while it trains, and the others skip it.
/// </summary>
public sealed class StudyRun
{
    public const string SettingsFile = "study.json";
    private const string LockFile = "lock";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private StudyRun(string folder, StudySettings settings)
    {
        Folder = folder;
        Settings = settings;
    }

    public string Folder { get; }
    public StudySettings Settings { get; }

    /// <summary>Per-run training curves (the command line draws loss.png and accuracy.png into each run folder).</summary>
    public Action<string, IReadOnlyDictionary<string, ModelHistory>>? WritePlots { get; set; }

    /// <summary>
    /// Opens a study folder. A new folder takes <paramref name="requested"/> (an automatic epoch count is resolved now);
    /// an existing one keeps its saved settings: <paramref name="requested"/> null takes them as they are, otherwise they
    /// must match (only the thread count may differ). <paramref name="threads"/> overrides the thread count.
    /// </summary>
    public static StudyRun Open(string folder, StudySettings? requested, int? threads = null)
    {
        string path = Path.Combine(folder, SettingsFile);
        StudySettings settings;
        if (File.Exists(path))
        {
            var saved = Read(path);
            if (requested is not null) CheckSame(folder, saved, Resolve(requested, saved));
            settings = saved;
        }
        else
        {
            if (requested is null) throw new CheckpointException($"{folder}: not a study folder (no {SettingsFile}); nothing to resume");
            requested.Validate();
            settings = Resolve(requested, null);
            try
            {
                Directory.CreateDirectory(folder);
                AtomicFile.WriteAllText(path, JsonSerializer.Serialize(settings, Json));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OutputFolderException($"output folder {folder} is not writable ({e.Message})", e);
            }
        }
        if (threads is not null) settings = settings with { Training = settings.Training with { Threads = threads.Value } };
        settings.Validate();
        return new StudyRun(folder, settings);
    }

    public string RunFolder(string network, int seed) => Path.Combine(Folder, "runs", network, $"seed-{seed}");

    /// <summary>The finished run of <paramref name="network"/> with <paramref name="seed"/>, or null (not started, or not finished).</summary>
    public RunOutcome? Finished(string network, int seed)
    {
        string folder = RunFolder(network, seed);
        string checkpoint = Path.Combine(folder, network + ".ckpt");
        if (!File.Exists(checkpoint)) return null;
        var header = Checkpoint.ReadHeader(checkpoint);
        return header.Epoch >= Settings.Training.Epochs ? new RunOutcome(network, seed, folder, header.History) : null;
    }

    /// <summary>
    /// Trains every network of <paramref name="studies"/> with every seed, study by study and seed by seed within each,
    /// skipping finished runs and runs another process is training; returns each study's results over the runs finished
    /// by then.
    /// </summary>
    public IReadOnlyList<StudyResults> Execute(IReadOnlyList<Study> studies, ITrainingObserver observer, CancellationToken cancellation)
    {
        var plan = Plan(studies);
        int index = 0;
        foreach (var (network, seed) in plan)
        {
            index++;
            string label = $"[{index}/{plan.Count}] {network.Name}, seed {seed}";
            if (Finished(network.Name, seed) is not null)
            {
                observer.Info($"{label}: finished earlier, skipped");
                continue;
            }
            cancellation.ThrowIfCancellationRequested();
            TrainOne(network, seed, label, observer, cancellation);
        }
        return studies.Select(Results).ToList();
    }

    /// <summary>
    /// The order of the runs: study by study, and seed by seed within a study, so that the first study's table is complete
    /// first and one cut short still has every network's first seeds. A network and seed an earlier study has scheduled
    /// is not repeated.
    /// </summary>
    public IReadOnlyList<(ArchitectureInfo Network, int Seed)> Plan(IReadOnlyList<Study> studies)
    {
        var plan = new List<(ArchitectureInfo Network, int Seed)>();
        foreach (var study in studies)
            foreach (int seed in Settings.SeedList)
                foreach (var row in study.Rows)
                    if (!plan.Any(p => p.Network.Name == row.Architecture.Name && p.Seed == seed))
                        plan.Add((row.Architecture, seed));
        return plan;
    }

    /// <summary>A study's table over the runs finished so far (rows without runs say so).</summary>
    public StudyResults Results(Study study) =>
        new(study, Settings, study.Rows.ToDictionary(r => r.Architecture.Name,
            r => (IReadOnlyList<RunOutcome>)Settings.SeedList.Select(s => Finished(r.Architecture.Name, s)).OfType<RunOutcome>().ToList()));

    private void TrainOne(ArchitectureInfo network, int seed, string label, ITrainingObserver observer, CancellationToken cancellation)
    {
        string folder = RunFolder(network.Name, seed);
        Directory.CreateDirectory(folder);
        FileStream held;
        try
        {
            // An OS lock (flock on Linux): released when the process ends, however it ends.
            held = new FileStream(Path.Combine(folder, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1,
                FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
            observer.Info($"{label}: being trained by another process, skipped");
            return;
        }
        using (held)
        {
            // Another process may have finished it between the check and the lock.
            if (Finished(network.Name, seed) is not null) return;
            bool started = File.Exists(Path.Combine(folder, TrainingRun.OptionsFile));
            observer.Info(started ? $"{label}: resuming {folder}" : $"{label}: training in {folder}");
            var run = started
                ? TrainingRun.Resume(folder, Settings.Training.Threads)
                : TrainingRun.Create(folder, Settings.Training with { Models = new[] { network.Name }, Seed = seed });
            run.WritePlots = WritePlots;
            run.Execute(new[] { network }, observer, cancellation);
        }
    }

    private static StudySettings Resolve(StudySettings requested, StudySettings? saved)
    {
        if (requested.Training.Epochs > 0) return requested;
        if (saved is not null && Comparable(saved with { Training = saved.Training with { Epochs = 0 } })
                .ToJsonString() == Comparable(requested).ToJsonString())
            return requested with { Training = requested.Training with { Epochs = saved.Training.Epochs } };
        var data = TrainingRun.LoadData(requested.Training);
        return requested with { Training = requested.Training.WithEpochsFor(data.Train.Count) };
    }

    private static StudySettings Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<StudySettings>(File.ReadAllText(path), Json)
                ?? throw new CheckpointException($"{path}: empty");
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{path}: unreadable ({e.Message})", e);
        }
    }

    /// <summary>The settings as JSON without what may differ between runs of one folder (models, seed, threads).</summary>
    private static JsonObject Comparable(StudySettings settings)
    {
        var node = JsonSerializer.SerializeToNode(settings, Json)!.AsObject();
        var training = node[nameof(StudySettings.Training)]!.AsObject();
        training.Remove(nameof(TrainingOptions.Models));
        training.Remove(nameof(TrainingOptions.Seed));
        training.Remove(nameof(TrainingOptions.Threads));
        return node;
    }

    private static void CheckSame(string folder, StudySettings saved, StudySettings requested)
    {
        var a = Comparable(saved);
        var b = Comparable(requested);
        foreach (var (key, value) in a)
        {
            if (value is JsonObject inner)
            {
                foreach (var (innerKey, innerValue) in inner)
                {
                    var other = b[key]?[innerKey];
                    if (!JsonNode.DeepEquals(innerValue, other))
                        throw new OptionsException($"{innerKey}: the study folder {folder} was started with {innerValue?.ToJsonString() ?? "null"}, " +
                            $"not {other?.ToJsonString() ?? "null"} (give the same options, none at all, or another folder)");
                }
            }
            else if (!JsonNode.DeepEquals(value, b[key]))
            {
                throw new OptionsException($"{key}: the study folder {folder} was started with {value?.ToJsonString() ?? "null"}, " +
                    $"not {b[key]?.ToJsonString() ?? "null"} (give the same options, none at all, or another folder)");
            }
        }
    }
}
