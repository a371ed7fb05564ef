using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using Architectures.CommandLine.Rendering;
using Architectures.Training;
using Spectre.Console;

namespace Architectures.CommandLine.Commands;

/// <summary><c>arch train</c>: the demo with no options, full runs with them.</summary>
public static class TrainCommand
{
    public static Command Create(CliContext context, ArchHost host)
    {
        var defaults = new TrainingOptions();
        var models = new Option<string[]>("--models", "-m")
        {
            Description = "Architectures to train one after another on the same data, comma-separated (see `arch list`); " +
                          "a plain network and its SE twin give the SE overhead. Default: the program's choice " +
                          "(arch: ResNet20,SEResNet20; a program of yours: every network it declares)",
            AllowMultipleArgumentsPerToken = true,
        };
        var data = DataOptions.Data(defaults.Data);
        var validationSplit = new Option<double>("--validation-split")
        {
            Description = "Hold out this fraction of each class of the training images (drawn from --seed) and evaluate on it after " +
                          "every epoch instead of the test set; needed for an image folder without test/ or val/",
            DefaultValueFactory = _ => defaults.ValidationSplit,
        };
        var skipBad = DataOptions.SkipBad();
        var mean = new Option<string>("--mean")
        {
            Description = "Per-channel pixel mean on the 0–1 scale, comma-separated (with --std); default: the source's known " +
                          "values (Fashion-MNIST), else computed from the training images",
        };
        var std = new Option<string>("--std") { Description = "Per-channel pixel standard deviation on the 0–1 scale (with --mean)" };
        var trainImages = new Option<int>("--train-images")
        {
            Description = "Train on a class-balanced subset of this many images; 0 = the whole training set", DefaultValueFactory = _ => defaults.TrainImages,
        };
        var testImages = new Option<int>("--test-images")
        {
            Description = "Evaluate on a class-balanced subset of this many test images; 0 = the whole test set", DefaultValueFactory = _ => defaults.TestImages,
        };
        var epochs = new Option<int>("--epochs", "-e")
        {
            Description = $"Epochs per model; 0 = enough to see about {TrainingOptions.AutoEpochImages:N0} images (3 on 6,000, 15 on the embedded sample)",
            DefaultValueFactory = _ => defaults.Epochs,
        };
        var batchSize = new Option<int>("--batch-size", "-b") { Description = "Training batch size", DefaultValueFactory = _ => defaults.BatchSize };
        var lr = new Option<double>("--lr") { Description = "Base learning rate of SGD", DefaultValueFactory = _ => defaults.LearningRate };
        var momentum = new Option<double>("--momentum") { Description = "SGD momentum", DefaultValueFactory = _ => defaults.Momentum };
        var weightDecay = new Option<double>("--weight-decay") { Description = "L2 weight decay", DefaultValueFactory = _ => defaults.WeightDecay };
        var nesterov = new Option<bool>("--nesterov") { Description = "Nesterov momentum" };
        var schedule = new Option<ScheduleKind>("--schedule")
        {
            Description = "Learning-rate schedule: Cosine (per step, to zero) or Step (×gamma every --step-epochs, the paper's recipe)",
            DefaultValueFactory = _ => defaults.Schedule,
        };
        var stepEpochs = new Option<int>("--step-epochs") { Description = "Step schedule: epochs between decays", DefaultValueFactory = _ => defaults.StepEpochs };
        var gamma = new Option<double>("--gamma") { Description = "Step schedule: decay factor", DefaultValueFactory = _ => defaults.Gamma };
        var noAugment = new Option<bool>("--no-augment") { Description = "Turn off the random crop (pad 4) and horizontal flip" };
        var seed = new Option<int>("--seed") { Description = "Seed of weight initialisation, shuffling and augmentation", DefaultValueFactory = _ => defaults.Seed };
        var threads = new Option<int>("--threads", "-t") { Description = "LibTorch threads; 0 = one per core", DefaultValueFactory = _ => defaults.Threads };
        var device = new Option<string>("--device")
        {
            Description = "auto, cpu or cuda (cuda needs a build with -p:TorchBackend=cuda)", DefaultValueFactory = _ => defaults.Device,
        };
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        var memoryFormat = new Option<string>("--memory-format")
        {
            Description = "Layout of weights and feature maps in training: auto (channels-last on the CPU, contiguous on CUDA), " +
                          "channels-last or contiguous",
            DefaultValueFactory = _ => defaults.MemoryFormat,
        };
        memoryFormat.AcceptOnlyFromAmong("auto", "channels-last", "contiguous");
        var deterministic = new Option<bool>("--deterministic")
        {
            Description = "Deterministic cuDNN/cuBLAS algorithms: a CUDA run repeats bit for bit and resumes to the same result " +
                          "(CPU runs do already)",
        };
        var evalBatch = new Option<int>("--eval-batch-size") { Description = "Batch size of evaluation", DefaultValueFactory = _ => defaults.EvalBatchSize };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Run folder (checkpoints, metrics.csv, loss.png, accuracy.png); default runs/<date-time>",
        };
        var resume = new Option<string>("--resume")
        {
            Description = "Continue the run in this folder from its last checkpoints, with its saved options (only --threads may change)",
        };
        var overwrite = new Option<bool>("--overwrite")
        {
            Description = "Replace the run already in the --output folder (without it, a folder holding a run is refused)",
        };

        var command = new Command("train", "Train declared networks on Fashion-MNIST, CIFAR-10 or your own image folders (with no options: a few-minute demo, ResNet20 vs SEResNet20 on 6,000 images or the embedded sample)")
        {
            models, data, validationSplit, skipBad, mean, std, trainImages, testImages, epochs, batchSize, lr, momentum, weightDecay,
            nesterov, schedule, stepEpochs, gamma, noAugment, seed, threads, device, memoryFormat, deterministic, evalBatch, output,
            resume, overwrite,
        };
        Option[] fixedByRun = { models, data, validationSplit, skipBad, mean, std, trainImages, testImages, epochs, batchSize, lr, momentum, weightDecay, nesterov,
            schedule, stepEpochs, gamma, noAugment, seed, device, memoryFormat, deterministic, evalBatch, output };

        command.SetAction(parse => DataOptions.Mapped(() =>
        {
            TrainingRun run;
            string? resumeFolder = parse.GetValue(resume);
            if (resumeFolder is not null)
            {
                if (parse.GetValue(overwrite))
                    throw new OptionsException("--overwrite: a resumed run continues its folder; to start it again, give --output and --overwrite without --resume");
                var given = fixedByRun.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false });
                if (given is not null)
                    throw new OptionsException($"{given.Name}: a resumed run keeps the options it was started with (only --threads may change)");
                run = TrainingRun.Resume(resumeFolder, parse.GetResult(threads) is { Implicit: false } ? parse.GetValue(threads) : null);
            }
            else
            {
                var options = new TrainingOptions
                {
                    Models = parse.GetValue(models) is { Length: > 0 } named ? SplitNames(named) : host.ResolveDefaultModels(),
                    Data = parse.GetValue(data)!,
                    ValidationSplit = parse.GetValue(validationSplit),
                    SkipBadImages = parse.GetValue(skipBad),
                    Mean = DataOptions.ParseList(parse.GetValue(mean), "--mean"),
                    Std = DataOptions.ParseList(parse.GetValue(std), "--std"),
                    TrainImages = parse.GetValue(trainImages),
                    TestImages = parse.GetValue(testImages),
                    Epochs = parse.GetValue(epochs),
                    BatchSize = parse.GetValue(batchSize),
                    LearningRate = parse.GetValue(lr),
                    Momentum = parse.GetValue(momentum),
                    WeightDecay = parse.GetValue(weightDecay),
                    Nesterov = parse.GetValue(nesterov),
                    Schedule = parse.GetValue(schedule),
                    StepEpochs = parse.GetValue(stepEpochs),
                    Gamma = parse.GetValue(gamma),
                    Augment = !parse.GetValue(noAugment),
                    Seed = parse.GetValue(seed),
                    Threads = parse.GetValue(threads),
                    Device = parse.GetValue(device)!,
                    MemoryFormat = parse.GetValue(memoryFormat)!,
                    Deterministic = parse.GetValue(deterministic),
                    EvalBatchSize = parse.GetValue(evalBatch),
                };
                options.Validate();
                // Resolve names before creating anything on disk: a typo costs nothing.
                foreach (var name in options.Models) ArchitectureLookup.Find(name);
                string folder = parse.GetValue(output)
                    ?? Path.Combine("runs", DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
                try
                {
                    run = TrainingRun.Create(folder, options, parse.GetValue(overwrite));
                }
                catch (RunFolderExistsException e)
                {
                    throw new OptionsException($"--output {folder}: already holds a training run ({string.Join(", ", e.Files)}); " +
                                               $"continue it with `arch train --resume {folder}`, replace it with --overwrite, or choose another --output");
                }
            }
            return Execute(context, run);
        }));
        return command;
    }

    private static int Execute(CliContext context, TrainingRun run)
    {
        run.WritePlots = (folder, histories) => Architectures.Plotting.TrainingPlots.Write(folder, histories);
        // glibc would hand freed feature maps back to the kernel and fault them in again every step; keeping them
        // measured +5 to +15 % training images/s here (docs/training.md), with the resident set still flat.
        Architectures.Modules.NativeMemory.RetainFreedMemory();
        var architectures = run.Options.Models.Select(ArchitectureLookup.Find).ToList();
        var console = context.Console;
        var started = DateTime.UtcNow;
        IReadOnlyList<ModelResult> results;
        if (context.Live)
        {
            IReadOnlyList<ModelResult>? live = null;
            console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                    new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(progress => live = run.Execute(architectures, new TrainingConsole(console, progress), context.Cancellation));
            results = live!;
        }
        else
        {
            results = run.Execute(architectures, new TrainingConsole(console, null), context.Cancellation);
        }

        console.Write(Tables.Summary(results));
        foreach (var line in Tables.SEOverheads(results)) console.MarkupLine(Markup.Escape(line));
        console.MarkupLine(Markup.Escape(
            $"wall time {Tables.Duration((DateTime.UtcNow - started).TotalSeconds)}; metrics {Path.Combine(run.Folder, TrainingRun.MetricsFile)}, " +
            $"plots {Path.Combine(run.Folder, "loss.png")} and accuracy.png; checkpoints {run.Folder}/<model>.ckpt"));
        return CliApp.Ok;
    }

    /// <summary>Accepts "-m A,B", "-m A B" and "-m A -m B".</summary>
    public static IReadOnlyList<string> SplitNames(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
