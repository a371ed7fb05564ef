using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using Architectures.Analysis;
using Architectures.CommandLine.Rendering;
using Architectures.Data;
using Architectures.Plotting;
using Architectures.Studies;
using Architectures.Training;
using Spectre.Console;

namespace Architectures.CommandLine.Commands;

/// <summary>
/// <c>arch ablate STUDY…</c>: trains a declared study's variants with several seeds and writes its table (Markdown, CSV)
/// and plot; <c>--list</c> lists the declared studies. The quick default trains on a 2,000-image subset for 2 epochs.
/// </summary>
public static class AblateCommand
{
    /// <summary>The quick default: a couple of minutes per study on 2 cores.</summary>
    public static readonly TrainingOptions QuickDefaults = new() { TrainImages = 2000, TestImages = 2000, Epochs = 2 };

    public static Command Create(CliContext context)
    {
        var defaults = QuickDefaults;
        var studies = new Argument<string[]>("study")
        {
            Description = "Declared studies (see --list); several share the runs of the networks they have in common",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var list = new Option<bool>("--list") { Description = "List the declared studies and their variants" };
        var seeds = new Option<int>("--seeds") { Description = "Runs per network, seeds 1…N", DefaultValueFactory = _ => 3 };
        var epochs = new Option<int>("--epochs", "-e") { Description = "Epochs per run", DefaultValueFactory = _ => defaults.Epochs };
        var data = new Option<string>("--data", "-d")
        {
            Description = "Data as in `arch train`: a Fashion-MNIST IDX folder, `auto` or `sample`", DefaultValueFactory = _ => defaults.Data,
        };
        var trainImages = new Option<int>("--train-images")
        {
            Description = "Class-balanced training subset; 0 = the whole training set", DefaultValueFactory = _ => defaults.TrainImages,
        };
        var testImages = new Option<int>("--test-images")
        {
            Description = "Class-balanced test subset; 0 = the whole test set", DefaultValueFactory = _ => defaults.TestImages,
        };
        var batchSize = new Option<int>("--batch-size", "-b") { Description = "Training batch size", DefaultValueFactory = _ => defaults.BatchSize };
        var lr = new Option<double>("--lr") { Description = "Base learning rate of SGD", DefaultValueFactory = _ => defaults.LearningRate };
        var schedule = new Option<ScheduleKind>("--schedule") { Description = "Cosine or Step", DefaultValueFactory = _ => defaults.Schedule };
        var threads = new Option<int>("--threads", "-t")
        {
            Description = "LibTorch threads per run; 0 = one per core (on a busy machine 1 is faster; run a second process on the same folder for the other core)",
            DefaultValueFactory = _ => defaults.Threads,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Study folder: runs/<Network>/seed-<n>/ and <study>.md, .csv, .png; the same folder resumes. Default runs/ablations",
            DefaultValueFactory = _ => Path.Combine("runs", "ablations"),
        };
        var tablesOnly = new Option<bool>("--tables-only") { Description = "Train nothing: write the tables from the runs finished so far" };
        var figures = new Option<bool>("--figures")
        {
            Description = "Also draw the paper's Fig. 6 and Fig. 7 (excitations per class, and within one class) from the first study's " +
                          "reference network, first seed, on the test set",
        };
        var figureClass = new Option<int>("--figure-class") { Description = "The class of Fig. 7 (0–9: T-shirt/top … Ankle boot)", DefaultValueFactory = _ => 9 };
        var command = new Command("ablate",
            "Reproduce the paper's ablations: train each variant of a declared study with several seeds and write the table (mean ± sd) and plot")
        {
            studies, list, seeds, epochs, data, trainImages, testImages, batchSize, lr, schedule, threads, output, tablesOnly, figures,
            figureClass,
        };

        command.SetAction(parse =>
        {
            if (parse.GetValue(list)) return List(context);
            var names = TrainCommand.SplitNames(parse.GetValue(studies) ?? Array.Empty<string>());
            if (names.Count == 0) throw new OptionsException("study: name one or more studies (see `arch ablate --list`)");
            var chosen = names.Select(Find).ToList();
            int figureIndex = parse.GetValue(figureClass);
            if (figureIndex < 0 || figureIndex >= FashionMnist.Classes)
                throw new OptionsException($"--figure-class {figureIndex}: must be 0 to {FashionMnist.Classes - 1}");
            string folder = parse.GetValue(output)!;
            // A new folder takes the options (defaults included); an existing one keeps its settings, and options given
            // explicitly must agree with them.
            bool exists = File.Exists(Path.Combine(folder, StudyRun.SettingsFile));
            if (!exists && parse.GetValue(tablesOnly))
                throw new OptionsException($"--tables-only: {folder} is not a study folder (no {StudyRun.SettingsFile}); nothing to tabulate");
            var basis = exists ? StudyRun.Open(folder, requested: null).Settings : new StudySettings { Training = defaults };
            T Pick<T>(Option<T> option, T saved) => !exists || parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option)! : saved;
            var t = basis.Training;
            var requested = new StudySettings
            {
                Seeds = Pick(seeds, basis.Seeds),
                Training = t with
                {
                    Models = chosen[0].Rows.Select(r => r.Architecture.Name).ToList(),
                    Epochs = Pick(epochs, t.Epochs),
                    Data = Pick(data, t.Data),
                    TrainImages = Pick(trainImages, t.TrainImages),
                    TestImages = Pick(testImages, t.TestImages),
                    BatchSize = Pick(batchSize, t.BatchSize),
                    LearningRate = Pick(lr, t.LearningRate),
                    Schedule = Pick(schedule, t.Schedule),
                    Threads = Pick(threads, t.Threads),
                },
            };
            if (requested.Training.Epochs < 1) throw new OptionsException($"--epochs {requested.Training.Epochs}: must be at least 1");
            requested.Validate();
            StudyRun run;
            try
            {
                run = StudyRun.Open(folder, requested, parse.GetResult(threads) is { Implicit: false } ? parse.GetValue(threads) : null);
            }
            catch (OptionsException e) when (FlagOf(e.Message) is { } flag)
            {
                // The library names the setting that differs from the folder's; here it is a flag.
                throw new OptionsException(flag + e.Message[e.Message.IndexOf(':')..]);
            }
            run.WritePlots = (runFolder, histories) => TrainingPlots.Write(runFolder, histories);
            Modules.NativeMemory.RetainFreedMemory();

            var started = DateTime.UtcNow;
            var results = parse.GetValue(tablesOnly)
                ? chosen.Select(run.Results).ToList()
                : run.Execute(chosen, new TrainingConsole(context.Console, null), context.Cancellation);
            foreach (var result in results)
            {
                string md = Path.Combine(folder, result.Study.Name + ".md");
                string csv = Path.Combine(folder, result.Study.Name + ".csv");
                string png = Path.Combine(folder, result.Study.Name + ".png");
                AtomicFile.WriteAllText(md, result.ToMarkdown());
                AtomicFile.WriteAllText(csv, result.ToCsv());
                StudyPlots.Write(png, result);
                context.Console.WriteLine();
                context.Console.WriteLine(result.ToMarkdown());
                context.Console.MarkupLine(Markup.Escape(
                    $"{(result.IsComplete ? "complete" : "incomplete (runs missing: train them by running the same command again)")}; " +
                    $"table {md}, {csv}; plot {png}"));
            }
            if (parse.GetValue(figures)) WriteFigures(context, run, chosen[0], folder, parse.GetValue(figureClass));
            context.Console.MarkupLine(Markup.Escape($"wall time {Tables.Duration((DateTime.UtcNow - started).TotalSeconds)}; runs in {Path.Combine(folder, "runs")}"));
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>Fig. 6 and Fig. 7 (Section 7.2) from the study's reference network (or its first with SE blocks), first seed.</summary>
    private static void WriteFigures(CliContext context, StudyRun run, Study study, string folder, int classIndex)
    {
        var network = new[] { study.Reference }.Concat(study.Rows).Select(r => r.Architecture)
            .FirstOrDefault(a => a.Report.SEParameters > 0)
            ?? throw new OptionsException($"--figures: study {study.Name} has no network with SE blocks");
        int seed = run.Settings.FirstSeed;
        var outcome = run.Finished(network.Name, seed);
        if (outcome is null)
        {
            context.Console.MarkupLine(Markup.Escape($"figures: {network.Name}, seed {seed} has not finished training; no figures yet"));
            return;
        }
        using var model = network.Create();
        Checkpoint.Load(Path.Combine(outcome.Folder, network.Name + ".ckpt"), model, network.Name, optimizer: null);
        var blocks = ExcitationFigures.PaperBlocks(ExcitationRecorder.Blocks(model).Select(b => b.Name).ToList());
        var test = TrainingRun.LoadData(run.Settings.Training).Test;
        var profiles = ExcitationRecorder.Record(model, blocks, new BatchSource(test, 500, shuffle: false, augment: false, seed: 0, dropLast: false),
            FashionMnist.Classes, TorchSharp.torch.CPU);
        string stem = Path.Combine(folder, $"{network.Name}-seed{seed}");
        string name = FashionMnist.ClassNames[classIndex];
        ExcitationFigures.WriteClassCurves(stem + "-fig6.png", network.Name, profiles, FashionMnist.ClassNames);
        ExcitationFigures.WriteWithinClass(stem + "-fig7.png", network.Name, profiles, classIndex, name);
        var csv = new System.Text.StringBuilder("block,class,class_name,images,channel,mean_excitation,sd_excitation\n");
        foreach (var p in profiles)
            for (int k = 0; k < p.ImagesByClass.Length; k++)
                for (int c = 0; c < p.Channels; c++)
                    csv.Append(System.Globalization.CultureInfo.InvariantCulture,
                        $"{p.Block},{k},{FashionMnist.ClassNames[k]},{p.ImagesByClass[k]},{c},{p.MeanByClass[k, c]:F6},{p.StdByClass![k, c]:F6}\n");
        AtomicFile.WriteAllText(stem + "-excitations.csv", csv.ToString());
        var table = new Table().Title(Markup.Escape($"{network.Name} seed {seed}: SE excitations on {test.Count:N0} test images"))
            .AddColumn("Block").AddColumn(new TableColumn("Channels").RightAligned()).AddColumn(new TableColumn("Mean").RightAligned())
            .AddColumn(new TableColumn("Class spread").RightAligned()).AddColumn(new TableColumn($"Mean sd within {name}").RightAligned());
        foreach (var p in profiles)
        {
            double withinClass = Enumerable.Range(0, p.Channels).Average(c => p.StdByClass![classIndex, c]);
            table.AddRow(p.Block, p.Channels.ToString(System.Globalization.CultureInfo.InvariantCulture),
                p.Overall().Average().ToString("F3", System.Globalization.CultureInfo.InvariantCulture),
                p.ClassSpread().ToString("F4", System.Globalization.CultureInfo.InvariantCulture),
                withinClass.ToString("F4", System.Globalization.CultureInfo.InvariantCulture));
        }
        context.Console.Write(table);
        context.Console.MarkupLine(Markup.Escape($"figures {stem}-fig6.png, {stem}-fig7.png; data {stem}-excitations.csv"));
    }

    private static readonly System.Collections.Generic.Dictionary<string, string> Flags = new()
    {
        [nameof(StudySettings.Seeds)] = "--seeds", [nameof(TrainingOptions.Epochs)] = "--epochs", [nameof(TrainingOptions.Data)] = "--data",
        [nameof(TrainingOptions.TrainImages)] = "--train-images", [nameof(TrainingOptions.TestImages)] = "--test-images",
        [nameof(TrainingOptions.BatchSize)] = "--batch-size", [nameof(TrainingOptions.LearningRate)] = "--lr",
        [nameof(TrainingOptions.Schedule)] = "--schedule",
    };

    private static string? FlagOf(string message)
    {
        int colon = message.IndexOf(':');
        return colon > 0 && Flags.TryGetValue(message[..colon], out var flag) ? flag : null;
    }

    private static Study Find(string name)
    {
        try
        {
            return StudyCatalog.Find(name);
        }
        catch (StudyDeclarationException e)
        {
            throw new OptionsException(e.Message);
        }
    }

    private static int List(CliContext context)
    {
        var all = StudyCatalog.All;
        if (all.Count == 0)
        {
            context.Console.MarkupLine("no studies declared (declare one with [assembly: Study(\"name\", Base = …, Variants = …)])");
            return CliApp.Ok;
        }
        var table = new Table().AddColumn("Study").AddColumn("Paper").AddColumn("Base").AddColumn("Variants (label = network)");
        foreach (var study in all)
            table.AddRow(Markup.Escape(study.Name), Markup.Escape(study.Table ?? ""), Markup.Escape(study.Base.Architecture.Name),
                Markup.Escape(string.Join(", ", study.Variants.Select(v => $"{v.Label} = {v.Architecture.Name}"))));
        context.Console.Write(table);
        return CliApp.Ok;
    }
}
