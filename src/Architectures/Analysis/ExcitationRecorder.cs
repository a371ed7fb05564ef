using System;
using System.Collections.Generic;
using System.Linq;
using Architectures.Data;
using Architectures.Modules;
using static TorchSharp.torch;

namespace Architectures.Analysis;

/// <summary>Mean excitation of every channel of one SE block, per class (rows) — the data of the paper's Fig. 6.</summary>
public sealed record ExcitationProfile(string Block, int Channels, double[,] MeanByClass, long[] ImagesByClass)
{
    /// <summary>Standard deviation of every channel's excitation over the images of each class (the spread of Fig. 7).</summary>
    public double[,]? StdByClass { get; init; }

    /// <summary>Mean over all images (weighted by class counts) of each channel's excitation.</summary>
    public double[] Overall()
    {
        var overall = new double[Channels];
        long total = ImagesByClass.Sum();
        for (int k = 0; k < ImagesByClass.Length; k++)
            for (int c = 0; c < Channels; c++)
                overall[c] += MeanByClass[k, c] * ImagesByClass[k] / total;
        return overall;
    }

    /// <summary>
    /// How class-specific the block is: the standard deviation across classes of a channel's mean excitation, averaged
    /// over channels. Near 0 when every class excites the channels alike (the paper's early blocks), larger when the
    /// excitations depend on the class (its late blocks).
    /// </summary>
    public double ClassSpread()
    {
        int classes = ImagesByClass.Count(n => n > 0);
        if (classes < 2) return 0;
        double sum = 0;
        for (int c = 0; c < Channels; c++)
        {
            var values = Enumerable.Range(0, ImagesByClass.Length).Where(k => ImagesByClass[k] > 0).Select(k => MeanByClass[k, c]).ToArray();
            double mean = values.Average();
            sum += Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        }
        return sum / Channels;
    }
}

/// <summary>
/// Records SE excitations (Section 7.2 of Hu et al.): hooks the chosen blocks' <see cref="SqueezeExcitation.ExcitationObserver"/>,
/// runs a set of images through the model in eval mode, and averages the excitation of every channel per class.
/// </summary>
public static class ExcitationRecorder
{
    /// <summary>The SE blocks of a model by state_dict name (layer1.0.se, …), in network order.</summary>
    public static IReadOnlyList<(string Name, SqueezeExcitation Block)> Blocks(nn.Module model)
    {
        // Every module is registered once, under its state_dict name (ZooCountTests checks it for every architecture).
        return model.named_modules()
            .Where(m => m.module is SqueezeExcitation)
            .Select(m => (m.name, (SqueezeExcitation)m.module)).ToList();
    }

    /// <summary>The default choice: the first SE block of every stage and the very last one (early to late, as in Fig. 6).</summary>
    public static IReadOnlyList<string> DefaultBlocks(nn.Module model)
    {
        var names = Blocks(model).Select(b => b.Name).ToList();
        var chosen = names.GroupBy(n => n.Split('.')[0]).Select(g => g.First()).ToList();
        if (names.Count > 0 && !chosen.Contains(names[^1])) chosen.Add(names[^1]);
        return chosen;
    }

    public static IReadOnlyList<ExcitationProfile> Record(nn.Module<Tensor, Tensor> model, IEnumerable<string> blockNames,
        BatchSource images, int classes, Device device)
    {
        var blocks = Blocks(model).ToDictionary(b => b.Name, b => b.Block);
        var chosen = blockNames.ToList();
        string? unknown = chosen.FirstOrDefault(n => !blocks.ContainsKey(n));
        if (unknown is not null)
            throw new ArgumentException($"no SE block named {unknown}; the model has {string.Join(", ", blocks.Keys)}");
        if (chosen.Count == 0) throw new ArgumentException("the model has no SE blocks to analyse");

        var sums = chosen.ToDictionary(n => n, n => zeros(classes, blocks[n].Channels, dtype: float64));
        var squares = chosen.ToDictionary(n => n, n => zeros(classes, blocks[n].Channels, dtype: float64));
        var counts = new long[classes];
        Tensor? currentLabels = null;
        try
        {
            foreach (var name in chosen)
            {
                var sum = sums[name];
                var square = squares[name];
                // The observer sees detached [N, C] excitations; index_add_ accumulates them into their classes' rows.
                blocks[name].ExcitationObserver = s =>
                {
                    var values = s.to(float64).cpu();
                    sum.index_add_(0, currentLabels!, values, HeldScalars.One);
                    square.index_add_(0, currentLabels!, values.mul(values), HeldScalars.One);
                };
            }
            model.eval();
            using var noGrad = no_grad();
            foreach (var batch in images.Epoch(0))
            {
                using var scope = NewDisposeScope();
                var (input, labels) = batch.ToTensors(device);
                currentLabels = labels.cpu();
                model.call(input);
                foreach (long label in batch.Labels) counts[label]++;
            }
        }
        finally
        {
            foreach (var name in chosen) blocks[name].ExcitationObserver = null;
        }

        return chosen.Select(name =>
        {
            using var sum = sums[name];
            using var square = squares[name];
            int channels = (int)sum.shape[1];
            var mean = new double[classes, channels];
            var std = new double[classes, channels];
            var values = sum.data<double>().ToArray();
            var squared = square.data<double>().ToArray();
            for (int k = 0; k < classes; k++)
                for (int c = 0; c < channels; c++)
                {
                    mean[k, c] = counts[k] == 0 ? double.NaN : values[k * channels + c] / counts[k];
                    // Population variance E[x²] − E[x]², clamped at 0 against rounding.
                    std[k, c] = counts[k] == 0 ? double.NaN : Math.Sqrt(Math.Max(0, squared[k * channels + c] / counts[k] - mean[k, c] * mean[k, c]));
                }
            return new ExcitationProfile(name, channels, mean, (long[])counts.Clone()) { StdByClass = std };
        }).ToList();
    }
}
