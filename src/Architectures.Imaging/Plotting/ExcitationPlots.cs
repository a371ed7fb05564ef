using System.Collections.Generic;
using System.Linq;
using Architectures.Analysis;
using Architectures.Training;
using ScottPlot;

namespace Architectures.Plotting;

/// <summary>
/// The paper's Fig. 6: for each chosen SE block, the mean excitation of every channel, one line per class. Early blocks
/// show lines on top of each other (class-agnostic), late blocks lines that part (class-specific).
/// </summary>
public static class ExcitationPlots
{
    public static void Write(string path, string model, IReadOnlyList<ExcitationProfile> profiles, IReadOnlyList<string> classNames)
    {
        var multiplot = new Multiplot();
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var profile in profiles)
        {
            // A new Multiplot already holds one (empty) plot: use it for the first block.
            var plot = ReferenceEquals(profile, profiles[0]) ? multiplot.Subplots.GetPlot(0) : multiplot.AddPlot();
            var channels = Enumerable.Range(0, profile.Channels).Select(c => (double)c).ToArray();
            for (int k = 0; k < profile.ImagesByClass.Length; k++)
            {
                if (profile.ImagesByClass[k] == 0) continue;
                var ys = Enumerable.Range(0, profile.Channels).Select(c => profile.MeanByClass[k, c]).ToArray();
                var line = plot.Add.ScatterLine(channels, ys, palette.GetColor(k));
                line.LineWidth = 1.2f;
                // One legend (on the first panel) is enough for the whole figure.
                if (ReferenceEquals(profile, profiles[0])) line.LegendText = k < classNames.Count ? classNames[k] : $"class {k}";
            }
            var overall = plot.Add.ScatterLine(channels, profile.Overall(), Colors.Black);
            overall.LinePattern = LinePattern.Dashed;
            overall.LineWidth = 2;
            if (ReferenceEquals(profile, profiles[0])) overall.LegendText = "all";
            plot.Title($"{model} {profile.Block}  (class spread {profile.ClassSpread():F3})");
            plot.XLabel("channel index");
            plot.YLabel("mean excitation");
            plot.Axes.SetLimits(-0.5, profile.Channels - 0.5, 0, 1.02);
            if (ReferenceEquals(profile, profiles[0])) plot.ShowLegend(Alignment.UpperRight);
        }
        var image = multiplot.Render(1100, 330 * profiles.Count);
        AtomicFile.WriteAllBytes(path, image.GetImageBytes(ImageFormat.Png));
    }
}
