using System.Linq;
using Architectures.Analysis;
using Architectures.Data;
using Architectures.Zoo;
using Xunit;
using static TorchSharp.torch;

namespace Architectures.Tests.Training;

public class ExcitationTests
{
    // One thread and a fixed seed: the same reduction order in every run, whatever ran before.
    public ExcitationTests() => Runtime.TorchSetup.Once();

    [Fact]
    public void RecordsMeanExcitationPerClassAndChannel()
    {
        var data = TestData.Tiny(test: 40);
        manual_seed(3);
        using var model = new SEResNet20();
        var blocks = ExcitationRecorder.DefaultBlocks(model);
        Assert.Equal(new[] { "layer1.0.se", "layer2.0.se", "layer3.0.se", "layer3.2.se" }, blocks);

        var source = new BatchSource(data.Test, 16, shuffle: false, augment: false, seed: 0, dropLast: false);
        var profiles = ExcitationRecorder.Record(model, blocks, source, FashionMnist.Classes, CPU);
        Assert.Equal(new[] { 16, 32, 64, 64 }, profiles.Select(p => p.Channels));
        Assert.All(profiles, p =>
        {
            Assert.Equal(data.Test.ClassCounts().Select(n => (long)n), p.ImagesByClass);
            foreach (double v in p.MeanByClass) Assert.InRange(v, 0, 1); // sigmoid gates
            Assert.True(p.ClassSpread() > 0);
        });

        // The recorded mean equals a direct computation for one class: run class 0's images alone.
        var classZero = data.Test.Select(Enumerable.Range(0, data.Test.Count).Where(i => data.Test.Labels[i] == 0).ToList());
        var alone = ExcitationRecorder.Record(model, new[] { "layer2.0.se" }, new BatchSource(classZero, 3, false, false, 0, false),
            FashionMnist.Classes, CPU).Single();
        var together = profiles.Single(p => p.Block == "layer2.0.se");
        // Batches of 16 and of 3 sum in different orders: equal within 1e-5 (rounding both to 5 decimals could
        // split two values 1e-7 apart across a rounding boundary).
        for (int c = 0; c < 32; c++)
            Assert.True(System.Math.Abs(together.MeanByClass[0, c] - alone.MeanByClass[0, c]) <= 1e-5,
                $"channel {c}: {together.MeanByClass[0, c]} vs {alone.MeanByClass[0, c]}");
        // Observers are removed afterwards.
        Assert.All(ExcitationRecorder.Blocks(model), b => Assert.Null(b.Block.ExcitationObserver));
    }
}
