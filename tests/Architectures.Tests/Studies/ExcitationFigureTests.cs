using System;
using System.Collections.Generic;
using System.Linq;
using Architectures.Analysis;
using Architectures.Data;
using Architectures.Plotting;
using Architectures.Tests.Training;
using Architectures.Zoo;
using Xunit;
using static TorchSharp.torch;

namespace Architectures.Tests.Studies;

/// <summary>The data behind Fig. 7 (the spread of excitations within a class) and the blocks the figures show.</summary>
public class ExcitationFigureTests
{
    [Fact]
    public void WithinClassSpreadEqualsADirectComputation()
    {
        Runtime.TorchSetup.Once();
        var data = TestData.Tiny(test: 40);
        manual_seed(5);
        using var model = new SEResNet20();
        var block = ExcitationRecorder.Blocks(model).Single(b => b.Name == "layer3.1.se").Block;

        // Every image's excitation, captured by hand: class → list of [C] vectors.
        var seen = new List<(long Label, float[] Values)>();
        var test = new BatchSource(data.Test, 7, shuffle: false, augment: false, seed: 0, dropLast: false);
        model.eval();
        using (no_grad())
        {
            foreach (var batch in test.Epoch(0))
            {
                using var scope = NewDisposeScope();
                var labels = batch.Labels;
                block.ExcitationObserver = s =>
                {
                    var values = s.cpu().data<float>().ToArray();
                    for (int i = 0; i < labels.Length; i++) seen.Add((labels[i], values[(i * 64)..((i + 1) * 64)]));
                };
                model.call(batch.ToTensors(CPU).Item1);
            }
        }
        block.ExcitationObserver = null;

        var profile = ExcitationRecorder.Record(model, ["layer3.1.se"], test, FashionMnist.Classes, CPU).Single();
        Assert.NotNull(profile.StdByClass);
        for (int k = 0; k < FashionMnist.Classes; k++)
        {
            var images = seen.Where(s => s.Label == k).ToList();
            Assert.Equal(images.Count, profile.ImagesByClass[k]);
            for (int c = 0; c < 64; c++)
            {
                var values = images.Select(i => (double)i.Values[c]).ToList();
                double mean = values.Average();
                double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
                Assert.True(Math.Abs(sd - profile.StdByClass![k, c]) < 1e-5, $"class {k} channel {c}: {sd} vs {profile.StdByClass[k, c]}");
            }
        }
        Assert.Contains(profile.StdByClass!.Cast<double>(), v => v > 0);
    }

    [Fact]
    public void PaperBlocksAreEachStagesLastAndTheWholeLastStage()
    {
        string[] resnet20 = ["layer1.0.se", "layer1.1.se", "layer1.2.se", "layer2.0.se", "layer2.1.se", "layer2.2.se",
            "layer3.0.se", "layer3.1.se", "layer3.2.se"];
        Assert.Equal(["layer1.2.se", "layer2.2.se", "layer3.0.se", "layer3.1.se", "layer3.2.se"], ExcitationFigures.PaperBlocks(resnet20));
        Assert.Empty(ExcitationFigures.PaperBlocks([]));
    }
}
