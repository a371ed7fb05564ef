using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Architectures.Analysis;
using Architectures.Data;
using Architectures.Plotting;
using Architectures.Training;
using Spectre.Console;
using TorchSharp;

namespace Architectures.CommandLine.Commands;

/// <summary>
/// <c>arch excitations CHECKPOINT</c>: the paper's Section 7.2 analysis — mean excitation per channel and class at
/// chosen SE blocks, as a table, a CSV and a figure like Fig. 6.
/// </summary>
public static class ExcitationsCommand
{
    public static Command Create(CliContext context)
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A checkpoint of an SE network (<run>/<Model>.ckpt)" };
        var blocks = new Option<string[]>("--blocks")
        {
            Description = "SE blocks by name (layer1.0.se, …), comma-separated; default: the first of every stage and the last",
            AllowMultipleArgumentsPerToken = true,
        };
        var data = DataOptions.Data("auto");
        data.Description = "Test data (it must fit the network): " + DataOptions.DataDescription;
        var skipBad = DataOptions.SkipBad();
        var testImages = new Option<int>("--test-images") { Description = "Class-balanced subset of the test set; 0 = all" };
        var output = new Option<string>("--output", "-o") { Description = "Folder for excitations.png and excitations.csv; default: the checkpoint's folder" };
        var command = new Command("excitations", "Record mean SE excitations per channel and class on the test set (the paper's Fig. 6)")
        {
            checkpoint, blocks, data, skipBad, testImages, output,
        };
        command.SetAction(parse => DataOptions.Mapped(() =>
        {
            string path = parse.GetValue(checkpoint)!;
            int limit = parse.GetValue(testImages);
            if (limit < 0) throw new OptionsException($"--test-images {limit}: must be zero (all) or positive");
            var header = Checkpoint.ReadHeader(path);
            var architecture = ArchitectureLookup.Find(header.Model);
            using var model = architecture.Create();
            Checkpoint.Load(path, model, architecture.Name, optimizer: null);

            var requested = TrainCommand.SplitNames(parse.GetValue(blocks) ?? System.Array.Empty<string>());
            var chosen = requested.Count > 0 ? requested : ExcitationRecorder.DefaultBlocks(model);
            if (chosen.Count == 0) throw new OptionsException($"{architecture.Name} has no SE blocks to analyse");
            var known = ExcitationRecorder.Blocks(model).Select(b => b.Name).ToList();
            string? unknown = chosen.FirstOrDefault(b => !known.Contains(b));
            if (unknown is not null) throw new OptionsException($"--blocks {unknown}: no such SE block in {architecture.Name} ({string.Join(", ", known)})");

            var (test, _, mismatch) = DataOptions.TestData(architecture.Report, parse.GetValue(data)!, limit, parse.GetValue(skipBad));
            if (mismatch is not null) throw new OptionsException($"--data: {mismatch}", "TrainingOptions.Data");
            var classNames = test.Images.ClassNames;
            var profiles = ExcitationRecorder.Record(model, chosen, test, test.Images.Classes, torch.CPU);

            string folder = parse.GetValue(output) ?? Path.GetDirectoryName(Path.GetFullPath(path))!;
            string png = Path.Combine(folder, $"{architecture.Name}-excitations.png");
            string csv = Path.Combine(folder, $"{architecture.Name}-excitations.csv");
            ExcitationPlots.Write(png, architecture.Name, profiles, classNames);
            AtomicFile.WriteAllText(csv, ToCsv(profiles, classNames));

            var table = new Table().Title(Markup.Escape($"{architecture.Name} (epoch {header.Epoch}): SE excitations on {test.ImageCount:N0} test images"))
                .AddColumn("Block").AddColumn(new TableColumn("Channels").RightAligned())
                .AddColumn(new TableColumn("Mean excitation").RightAligned()).AddColumn(new TableColumn("Class spread").RightAligned());
            foreach (var p in profiles)
                table.AddRow(p.Block, p.Channels.ToString(CultureInfo.InvariantCulture),
                    p.Overall().Average().ToString("F3", CultureInfo.InvariantCulture), p.ClassSpread().ToString("F4", CultureInfo.InvariantCulture));
            context.Console.Write(table);
            context.Console.MarkupLine(Markup.Escape(
                "class spread: std across classes of a channel's mean excitation, averaged over channels (≈0: class-agnostic; larger: class-specific)"));
            context.Console.MarkupLine(Markup.Escape($"figure {png}; data {csv}"));
            return CliApp.Ok;
        }));
        return command;
    }

    private static string ToCsv(System.Collections.Generic.IEnumerable<ExcitationProfile> profiles, System.Collections.Generic.IReadOnlyList<string> classNames)
    {
        var sb = new StringBuilder("block,class,class_name,images,channel,mean_excitation\n");
        foreach (var p in profiles)
            for (int k = 0; k < p.ImagesByClass.Length; k++)
                for (int c = 0; c < p.Channels; c++)
                    sb.Append(CultureInfo.InvariantCulture,
                        $"{p.Block},{k},{Csv(classNames[k])},{p.ImagesByClass[k]},{c},{p.MeanByClass[k, c]:F6}\n");
        return sb.ToString();
    }

    /// <summary>A CSV field: quoted where a class folder's name holds a comma or a quote.</summary>
    private static string Csv(string field) =>
        field.IndexOfAny(new[] { ',', '"', '\n' }) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
