using System;
using System.Collections.Generic;
using System.Linq;
using Architectures.Analysis;
using Architectures.Training;
using ScottPlot;

namespace Architectures.Plotting;

/// <summary>
/// The paper's Section 7.2 figures for one trained network: Fig. 6 (per-class mean excitation of every channel at SE
/// blocks from early to late: lines that coincide early are class-agnostic, lines that part late are class-specific) and
/// Fig. 7 (within one class, each channel's mean excitation ± one standard deviation over that class's images).
/// </summary>
public static class ExcitationFigures
{
    /// <summary>
    /// The blocks the paper shows (SE_2_3, SE_3_4, SE_4_6, SE_5_1…3 on ResNet-50): the last block of every stage but the
    /// last, then every block of the last stage. Block names are state_dict paths (layer1.2.se).
    /// </summary>
    public static IReadOnlyList<string> PaperBlocks(IReadOnlyList<string> blocks)
    {
        var stages = blocks.GroupBy(b => b.Split('.')[0]).Select(g => g.ToList()).ToList();
        if (stages.Count == 0) return Array.Empty<string>();
        return stages.Take(stages.Count - 1).Select(s => s[^1]).Concat(stages[^1]).ToList();
    }

    /// <summary>Fig. 6: one panel per block, one line per class (and the all-image mean, dashed).</summary>
    public static void WriteClassCurves(string path, string model, IReadOnlyList<ExcitationProfile> profiles, IReadOnlyList<string> classNames) =>
        ExcitationPlots.Write(path, model, profiles, classNames);

    /// <summary>Fig. 7: one panel per block; for class <paramref name="classIndex"/>, each channel's mean excitation with a ± sd band.</summary>
    public static void WriteWithinClass(string path, string model, IReadOnlyList<ExcitationProfile> profiles, int classIndex, string className)
    {
        var multiplot = new Multiplot();
        bool first = true;
        foreach (var profile in profiles)
        {
            var std = profile.StdByClass
                ?? throw new ArgumentException($"{profile.Block}: the profile has no within-class spread (record it with ExcitationRecorder.Record)");
            var plot = first ? multiplot.Subplots.GetPlot(0) : multiplot.AddPlot();
            var channels = Enumerable.Range(0, profile.Channels).Select(c => (double)c).ToArray();
            var mean = channels.Select(c => profile.MeanByClass[classIndex, (int)c]).ToArray();
            var sd = channels.Select(c => std[classIndex, (int)c]).ToArray();
            var band = plot.Add.FillY(channels, mean.Zip(sd, (m, s) => m - s).ToArray(), mean.Zip(sd, (m, s) => m + s).ToArray());
            band.FillColor = Colors.SteelBlue.WithAlpha(0.3);
            band.LineColor = Colors.Transparent;
            var line = plot.Add.ScatterLine(channels, mean, Colors.SteelBlue);
            line.LineWidth = 1.5f;
            double meanSd = sd.Average();
            plot.Title($"{model} {profile.Block}: class \"{className}\" ({profile.ImagesByClass[classIndex]:N0} images), mean ± sd (mean sd {meanSd:F3})");
            plot.XLabel("channel index");
            plot.YLabel("excitation");
            plot.Axes.SetLimits(-0.5, profile.Channels - 0.5, 0, 1.02);
            if (first)
            {
                line.LegendText = "mean";
                band.LegendText = "± 1 sd";
                plot.ShowLegend(Alignment.UpperRight);
            }
            first = false;
        }
        AtomicFile.WriteAllBytes(path, multiplot.Render(1100, 300 * profiles.Count).GetImageBytes(ImageFormat.Png));
    }
}
