using System.Linq;
using Architectures.Studies;
using Architectures.Training;
using ScottPlot;

namespace Architectures.Plotting;

/// <summary>A study's top-1 errors as bars with mean ± sd error bars, each seed's run as a dot on its bar.</summary>
public static class StudyPlots
{
    public static void Write(string path, StudyResults results)
    {
        var plot = new Plot();
        var rows = results.Rows.Where(r => r.HasRuns).ToList();
        var palette = new ScottPlot.Palettes.Category10();
        double low = double.MaxValue, high = double.MinValue;
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var color = row.IsBase ? Colors.Gray : row.IsReference ? palette.GetColor(0) : palette.GetColor(1);
            var bar = plot.Add.Bar(position: i, value: row.Top1ErrorMean, error: row.Top1ErrorSd);
            bar.Color = color.WithAlpha(0.55);
            var errors = row.Runs.Select(r => r.Top1Error).ToArray();
            var dots = plot.Add.ScatterPoints(Enumerable.Repeat((double)i, errors.Length).ToArray(), errors, Colors.Black);
            dots.MarkerSize = 5;
            low = System.Math.Min(low, System.Math.Min(errors.Min(), row.Top1ErrorMean - row.Top1ErrorSd));
            high = System.Math.Max(high, System.Math.Max(errors.Max(), row.Top1ErrorMean + row.Top1ErrorSd));
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, rows.Count).Select(i => (double)i).ToArray(),
            rows.Select(r => r.Variant.Label).ToArray());
        plot.Title(results.Title);
        plot.XLabel($"top-1 error on the test set, mean ± sd of {results.Settings.Seeds} seeds (dots: each seed)");
        plot.YLabel("top-1 error (%)");
        if (rows.Count > 0)
        {
            // Bars start at zero by default; the differences are tenths of a point, so zoom to the data.
            double margin = System.Math.Max(0.2, (high - low) * 0.25);
            plot.Axes.SetLimits(-0.6, rows.Count - 0.4, System.Math.Max(0, low - margin), high + margin);
        }
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(System.Math.Max(720, 180 + 130 * rows.Count), 480, ImageFormat.Png));
    }
}
