using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Architectures.Reporting;

namespace Architectures.Studies;

/// <summary>One row of a study's table: a network's runs, their mean ± sd, and how it compares.</summary>
public sealed record StudyRow
{
    public required StudyVariant Variant { get; init; }
    public required bool IsBase { get; init; }
    public required bool IsReference { get; init; }
    public required IReadOnlyList<RunOutcome> Runs { get; init; }

    public ArchitectureInfo Architecture => Variant.Architecture;
    public bool HasRuns => Runs.Count > 0;
    public double Top1ErrorMean => Statistics.Mean(Runs.Select(r => r.Top1Error).ToList());
    public double Top1ErrorSd => Statistics.SampleStandardDeviation(Runs.Select(r => r.Top1Error).ToList());
    public double ImagesPerSecondMean => Statistics.Mean(Runs.Select(r => r.ImagesPerSecond).ToList());
    public double ImagesPerSecondSd => Statistics.SampleStandardDeviation(Runs.Select(r => r.ImagesPerSecond).ToList());

    /// <summary>Extra training time per image relative to the base (base img/s ÷ this row's img/s − 1), null without runs.</summary>
    public double? Overhead { get; init; }

    /// <summary>Top-1 error minus the reference row's (percentage points), null without runs on either side.</summary>
    public double? DeltaVsReference { get; init; }

    /// <summary>Whether <see cref="DeltaVsReference"/> exceeds the seeds' spread (<see cref="Statistics.ExceedsSpread"/>).</summary>
    public bool? ExceedsSpread { get; init; }

    /// <summary>The paper's top-1 error minus its reference setting's (ImageNet, single runs).</summary>
    public double? PaperDelta { get; init; }

    /// <summary>Whether the measured difference points the way the paper's does (null when either is missing or the paper's is 0).</summary>
    public bool? SameDirectionAsPaper =>
        DeltaVsReference is { } d && PaperDelta is { } p && p != 0 && d != 0 ? Math.Sign(d) == Math.Sign(p) : null;
}

/// <summary>
/// A study's outcome in the paper's form: variant, parameters, multiply-adds, top-1 error mean ± sd over the seeds,
/// training throughput and its overhead against the base network, and the paper's ImageNet figure beside it.
/// </summary>
public sealed class StudyResults
{
    public StudyResults(Study study, StudySettings settings, IReadOnlyDictionary<string, IReadOnlyList<RunOutcome>> runs)
    {
        Study = study;
        Settings = settings;
        var reference = study.Reference;
        var baseRuns = runs[study.Base.Architecture.Name];
        var referenceRuns = runs[reference.Architecture.Name];
        Rows = study.Rows.Select(variant =>
        {
            var own = runs[variant.Architecture.Name];
            var row = new StudyRow
            {
                Variant = variant,
                IsBase = variant.Architecture.Name == study.Base.Architecture.Name,
                IsReference = variant.Architecture.Name == reference.Architecture.Name,
                Runs = own,
            };
            if (own.Count == 0) return row;
            double? overhead = baseRuns.Count > 0 ? Mean(baseRuns, r => r.ImagesPerSecond) / row.ImagesPerSecondMean - 1 : null;
            double? delta = null;
            bool? exceeds = null;
            if (referenceRuns.Count > 0 && !row.IsBase)
            {
                double refMean = Mean(referenceRuns, r => r.Top1Error);
                double refSd = Statistics.SampleStandardDeviation(referenceRuns.Select(r => r.Top1Error).ToList());
                delta = row.Top1ErrorMean - refMean;
                exceeds = Statistics.ExceedsSpread(row.Top1ErrorMean, row.Top1ErrorSd, refMean, refSd);
            }
            double? paperDelta = variant.PaperTop1Error is { } p && reference.PaperTop1Error is { } q && !row.IsBase ? p - q : null;
            return row with { Overhead = overhead, DeltaVsReference = delta, ExceedsSpread = exceeds, PaperDelta = paperDelta };
        }).ToList();
    }

    public Study Study { get; }
    public StudySettings Settings { get; }
    public IReadOnlyList<StudyRow> Rows { get; }

    /// <summary>Whether every row has a run for every seed.</summary>
    public bool IsComplete => Rows.All(r => r.Runs.Count == Settings.Seeds);

    public string Title => $"{(Study.Table is null ? "" : Study.Table + ": ")}{Study.Description ?? Study.Name} ({Study.Name})";

    public const string CsvHeader =
        "study,table,variant,network,parameters,multiply_adds,seeds,top1_error_mean,top1_error_sd,top1_errors," +
        "images_per_s_mean,images_per_s_sd,overhead,delta_vs_reference,exceeds_spread,paper_top1_error,paper_delta";

    /// <summary>One row per network, every number unrounded enough to recompute the table; per-seed errors joined by ';'.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder().Append(CsvHeader).Append('\n');
        foreach (var row in Rows)
        {
            string F(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "";
            bool has = row.HasRuns;
            sb.Append(string.Join(',',
                Study.Name, Csv(Study.Table ?? ""), Csv(row.Variant.Label), row.Architecture.Name,
                row.Architecture.Report.Parameters.ToString(CultureInfo.InvariantCulture),
                row.Architecture.Report.MultiplyAdds.ToString(CultureInfo.InvariantCulture),
                row.Runs.Count.ToString(CultureInfo.InvariantCulture),
                F(has ? row.Top1ErrorMean : null, "F4"), F(has ? row.Top1ErrorSd : null, "F4"),
                string.Join(';', row.Runs.Select(r => r.Top1Error.ToString("F4", CultureInfo.InvariantCulture))),
                F(has ? row.ImagesPerSecondMean : null, "F1"), F(has ? row.ImagesPerSecondSd : null, "F1"),
                F(row.Overhead, "F4"), F(row.DeltaVsReference, "F4"),
                row.ExceedsSpread is { } e ? (e ? "yes" : "no") : "",
                F(row.Variant.PaperTop1Error, "F2"), F(row.PaperDelta, "F2"))).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The Markdown table (with a title line and a footnote on what the numbers are).</summary>
    public string ToMarkdown()
    {
        var t = Settings.Training;
        string refLabel = Study.Reference.Label;
        var sb = new StringBuilder();
        sb.Append("### ").Append(Title).Append("\n\n");
        sb.Append($"| Variant | Network | Params | MACs | Top-1 err. (%) | Δ vs {refLabel} | Train img/s | Overhead | Paper top-1 err. (%) | Paper Δ |\n");
        sb.Append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var row in Rows)
        {
            var report = row.Architecture.Report;
            string error = row.HasRuns ? string.Create(CultureInfo.InvariantCulture, $"{row.Top1ErrorMean:F2} ± {row.Top1ErrorSd:F2}") : "not run";
            if (row.HasRuns && row.Runs.Count < Settings.Seeds) error += $" ({row.Runs.Count} of {Settings.Seeds} seeds)";
            string delta = row.IsReference || row.IsBase ? "—"
                : row.DeltaVsReference is { } d ? string.Create(CultureInfo.InvariantCulture, $"{d:+0.00;−0.00;0.00}") + (row.ExceedsSpread == true ? " *" : "")
                : "";
            string rate = row.HasRuns ? row.ImagesPerSecondMean.ToString("F0", CultureInfo.InvariantCulture) : "";
            string overhead = row.IsBase ? "—" : row.Overhead is { } o ? string.Create(CultureInfo.InvariantCulture, $"{o * 100:+0.0;−0.0;0.0} %") : "";
            string paper = row.Variant.PaperTop1Error is { } p ? p.ToString("F2", CultureInfo.InvariantCulture) : "—";
            string paperDelta = row.IsReference || row.IsBase ? "—"
                : row.PaperDelta is { } pd ? string.Create(CultureInfo.InvariantCulture, $"{pd:+0.00;−0.00;0.00}") : "—";
            string label = row.IsBase ? $"{row.Variant.Label} (base)" : row.IsReference ? $"{row.Variant.Label} (reference)" : row.Variant.Label;
            sb.Append($"| {label} | {row.Architecture.Name} | {report.Parameters.ToString("N0", CultureInfo.InvariantCulture)} | " +
                      $"{ArchitectureReport.FormatMultiplyAdds(report.MultiplyAdds)} | {error} | {delta} | {rate} | {overhead} | {paper} | {paperDelta} |\n");
        }
        sb.Append('\n').Append(string.Create(CultureInfo.InvariantCulture,
            $"Mean ± sample sd over seeds {string.Join(", ", Settings.SeedList)}; {t.Epochs} epoch(s), batch {t.BatchSize}, SGD lr {t.LearningRate} " +
            $"({t.Schedule}), momentum {t.Momentum}, weight decay {t.WeightDecay}, augmentation {(t.Augment ? "on" : "off")}; " +
            $"{(t.TrainImages == 0 ? "all" : t.TrainImages.ToString("N0", CultureInfo.InvariantCulture))} training and " +
            $"{(t.TestImages == 0 ? "all" : t.TestImages.ToString("N0", CultureInfo.InvariantCulture))} test images. " +
            $"MACs at {Study.Base.Architecture.Report.InputSize}×{Study.Base.Architecture.Report.InputSize}. " +
            $"Train img/s: median over each run's stretches of steps, mean over seeds; overhead: extra time per image vs the base. " +
            $"* = the difference exceeds the seeds' spread (|Δ| > sd + sd_ref). Paper: ImageNet, ResNet-50, single runs.\n"));
        return sb.ToString();
    }

    private static double Mean(IReadOnlyList<RunOutcome> runs, Func<RunOutcome, double> value) => Statistics.Mean(runs.Select(value).ToList());

    private static string Csv(string value) =>
        value.Contains(',') || value.Contains('"') ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
