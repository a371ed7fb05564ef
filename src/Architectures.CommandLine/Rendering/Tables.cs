using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Architectures.Reporting;
using Architectures.Training;
using Spectre.Console;

namespace Architectures.CommandLine.Rendering;

/// <summary>The tables the commands print.</summary>
public static class Tables
{
    public static Table Catalog(IEnumerable<ArchitectureInfo> architectures)
    {
        var table = new Table().Title("Declared architectures")
            .AddColumn("Name").AddColumn(new TableColumn("Parameters").RightAligned())
            .AddColumn(new TableColumn("SE parameters").RightAligned()).AddColumn(new TableColumn("SE share").RightAligned())
            .AddColumn(new TableColumn("MACs").RightAligned()).AddColumn("Input");
        foreach (var a in architectures)
        {
            var r = a.Report;
            table.AddRow(Cell(r.Name), Cell(r.Parameters.ToString("N0", CultureInfo.InvariantCulture)),
                Cell(r.SEParameters.ToString("N0", CultureInfo.InvariantCulture)), Cell(r.SEShare.ToString("P1", CultureInfo.InvariantCulture)),
                Cell(ArchitectureReport.FormatMultiplyAdds(r.MultiplyAdds)), Cell($"{r.InputChannels}×{r.InputSize}×{r.InputSize}"));
        }
        return table;
    }

    public static Table Layers(ArchitectureReport report)
    {
        var table = new Table().Title(Markup.Escape(report.Summary))
            .AddColumn("Layer").AddColumn("Kind").AddColumn("Output")
            .AddColumn(new TableColumn("Parameters").RightAligned()).AddColumn(new TableColumn("MACs").RightAligned());
        foreach (var row in report.Layers)
        {
            table.AddRow(Cell(new string(' ', 2 * row.Depth) + row.Name), Cell(row.Kind), Cell(ArchitectureReport.FormatShape(row.OutputShape)),
                Cell(row.Parameters.ToString("N0", CultureInfo.InvariantCulture)), Cell(row.MultiplyAdds.ToString("N0", CultureInfo.InvariantCulture)));
        }
        table.AddRow(Cell("total"), Cell(""), Cell(""), Cell(report.Parameters.ToString("N0", CultureInfo.InvariantCulture)),
            Cell(report.MultiplyAdds.ToString("N0", CultureInfo.InvariantCulture)));
        return table;
    }

    /// <summary>The closing table of a training run.</summary>
    public static Table Summary(IReadOnlyList<ModelResult> results)
    {
        var table = new Table().Title("Training summary")
            .AddColumn("Model").AddColumn(new TableColumn("Parameters").RightAligned()).AddColumn(new TableColumn("MACs").RightAligned())
            .AddColumn(new TableColumn("Epochs").RightAligned())
            .AddColumn(new TableColumn("Best test acc").RightAligned()).AddColumn(new TableColumn("Final test acc").RightAligned())
            .AddColumn(new TableColumn("Train img/s").RightAligned()).AddColumn(new TableColumn("Median img/s").RightAligned())
            .AddColumn(new TableColumn("Data share").RightAligned())
            .AddColumn(new TableColumn("Wall time").RightAligned());
        foreach (var (architecture, history) in results)
        {
            var r = architecture.Report;
            table.AddRow(Cell(r.Name), Cell(r.Parameters.ToString("N0", CultureInfo.InvariantCulture)),
                Cell(ArchitectureReport.FormatMultiplyAdds(r.MultiplyAdds)), Cell(history.Epochs.Count.ToString(CultureInfo.InvariantCulture)),
                Cell(history.BestTestAccuracy.ToString("P2", CultureInfo.InvariantCulture)),
                Cell(history.FinalTestAccuracy.ToString("P2", CultureInfo.InvariantCulture)),
                Cell(history.ImagesPerSecond.ToString("F1", CultureInfo.InvariantCulture)),
                Cell(history.MedianImagesPerSecond.ToString("F1", CultureInfo.InvariantCulture)),
                Cell(history.DataShare.ToString("P1", CultureInfo.InvariantCulture)),
                Cell(Duration(history.WallSeconds)));
        }
        return table;
    }

    /// <summary>
    /// For every SE model whose plain twin (the same name without the SE prefix) ran too: the extra training time per image.
    /// </summary>
    public static IEnumerable<string> SEOverheads(IReadOnlyList<ModelResult> results)
    {
        foreach (var se in results.Where(r => r.Architecture.Report.SEParameters > 0))
        {
            string name = se.Architecture.Name;
            int at = name.IndexOf("SE", System.StringComparison.Ordinal);
            if (at < 0) continue;
            string twinName = name.Remove(at, 2);
            var plain = results.FirstOrDefault(r => r.Architecture.Name == twinName);
            if (plain is null) continue;
            double seRate = se.History.MedianImagesPerSecond, plainRate = plain.History.MedianImagesPerSecond;
            if (seRate <= 0 || plainRate <= 0) continue;
            double overhead = plainRate / seRate - 1;
            double meanOverhead = plain.History.ImagesPerSecond / se.History.ImagesPerSecond - 1;
            yield return string.Create(CultureInfo.InvariantCulture,
                $"SE training-time overhead: {name} {seRate:F1} img/s vs {twinName} {plainRate:F1} img/s (medians) = {overhead:+0.0%;-0.0%} time per image " +
                $"({meanOverhead:+0.0%;-0.0%} from whole-run means); test accuracy {se.History.FinalTestAccuracy:P2} vs {plain.History.FinalTestAccuracy:P2}");
        }
    }

    public static string Duration(double seconds) =>
        seconds >= 3600 ? $"{(int)(seconds / 3600)} h {(int)(seconds % 3600 / 60):D2} min"
        : seconds >= 60 ? $"{(int)(seconds / 60)} min {(int)(seconds % 60):D2} s"
        : seconds.ToString("F1", CultureInfo.InvariantCulture) + " s";

    private static Markup Cell(string text) => new(Markup.Escape(text));
}
