using System.Collections.Generic;
using System.Linq;
using Architectures.Training;
using ScottPlot;

namespace Architectures.Plotting;

/// <summary>
/// Loss and accuracy curves of a run, every model overlaid (plain and SE twins side by side): training figures as a
/// line over fractional epochs (means over stretches of steps), test figures as markers at each epoch's end.
/// </summary>
public static class TrainingPlots
{
    public const int Width = 900, Height = 560;

    /// <summary>Writes loss.png and accuracy.png into <paramref name="folder"/> (atomically) and returns their paths.</summary>
    public static (string Loss, string Accuracy) Write(string folder, IReadOnlyDictionary<string, ModelHistory> histories)
    {
        string lossPath = System.IO.Path.Combine(folder, "loss.png");
        string accuracyPath = System.IO.Path.Combine(folder, "accuracy.png");
        AtomicFile.WriteAllBytes(lossPath, Render(histories, "Cross-entropy loss", "loss",
            i => i.TrainLoss, e => e.TestLoss, Alignment.UpperRight));
        AtomicFile.WriteAllBytes(accuracyPath, Render(histories, "Accuracy (%)", "accuracy",
            i => 100 * i.TrainAccuracy, e => 100 * e.TestAccuracy, Alignment.LowerRight));
        return (lossPath, accuracyPath);
    }

    private static byte[] Render(IReadOnlyDictionary<string, ModelHistory> histories, string yLabel, string what,
        System.Func<IntervalRecord, double> trainValue, System.Func<EpochRecord, double> testValue, Alignment legend)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int index = 0;
        foreach (var (model, history) in histories)
        {
            var color = palette.GetColor(index++);
            if (history.Intervals.Count > 0)
            {
                var train = plot.Add.ScatterLine(history.Intervals.Select(i => i.EpochPosition).ToArray(),
                    history.Intervals.Select(trainValue).ToArray(), color);
                train.LegendText = $"{model} train";
                train.LineWidth = 1.5f;
            }
            if (history.Epochs.Count > 0)
            {
                var test = plot.Add.Scatter(history.Epochs.Select(e => (double)e.Epoch).ToArray(),
                    history.Epochs.Select(testValue).ToArray(), color);
                test.LegendText = $"{model} test";
                test.LinePattern = LinePattern.Dashed;
                test.MarkerSize = 9;
                test.MarkerShape = MarkerShape.FilledDiamond;
            }
        }
        plot.Title($"Fashion-MNIST {what}: " + string.Join(" vs ", histories.Keys));
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        plot.ShowLegend(legend);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
