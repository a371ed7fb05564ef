using System.Collections.Generic;
using System.Linq;
using Architectures.Studies;
using Architectures.Training;
using Architectures.Zoo;
using Xunit;

namespace Architectures.Tests.Studies;

/// <summary>The table and CSV in the paper's form, from made-up runs whose numbers are easy to check by hand.</summary>
public class StudyResultsTests
{
    /// <summary>A finished one-epoch run with this test accuracy and training throughput.</summary>
    internal static RunOutcome Outcome(string network, int seed, double testAccuracy, double imagesPerSecond) =>
        new(network, seed, $"runs/{network}/seed-{seed}", new ModelHistory
        {
            Epochs =
            {
                new EpochRecord
                {
                    Model = network, Epoch = 1, Step = 10, LearningRate = 0, TrainLoss = 0.5, TrainAccuracy = 0.8, TestLoss = 0.4,
                    TestAccuracy = testAccuracy, TrainImages = 1000, TrainSeconds = 1000 / imagesPerSecond, DataSeconds = 0,
                    EvalSeconds = 1, RssMiB = 500,
                },
            },
            Intervals = { new IntervalRecord(1, 0.5, 0.8, Images: 1000, Seconds: 1000 / imagesPerSecond) },
        });

    internal static StudyResults Golden()
    {
        var study = Study.Create("golden", ResNet20.Info,
        [
            new StudyVariant("average", SEResNet20.Info, 22.28),
            new StudyVariant("max", MaxSqueezeSEResNet20.Info, 22.57),
            new StudyVariant("ReLU", ReLUGateSEResNet20.Info, 23.47),
            new StudyVariant("tanh", TanhGateSEResNet20.Info, 23.00),
        ], table: "Table X", description: "a made-up study");
        var runs = new Dictionary<string, IReadOnlyList<RunOutcome>>
        {
            ["ResNet20"] = [Outcome("ResNet20", 1, 0.90, 1000), Outcome("ResNet20", 2, 0.91, 1000)],
            ["SEResNet20"] = [Outcome("SEResNet20", 1, 0.92, 900), Outcome("SEResNet20", 2, 0.93, 900)],
            ["MaxSqueezeSEResNet20"] = [Outcome("MaxSqueezeSEResNet20", 1, 0.90, 800), Outcome("MaxSqueezeSEResNet20", 2, 0.94, 850)],
            ["ReLUGateSEResNet20"] = [Outcome("ReLUGateSEResNet20", 1, 0.80, 1000), Outcome("ReLUGateSEResNet20", 2, 0.81, 1000)],
            ["TanhGateSEResNet20"] = [Outcome("TanhGateSEResNet20", 1, 0.93, 950)],
        };
        var settings = new StudySettings { Seeds = 2, Training = new TrainingOptions { Epochs = 1, TrainImages = 0, TestImages = 2000 } };
        return new StudyResults(study, settings, runs);
    }

    [Fact]
    public void MarkdownTableIsThePapersForm()
    {
        // Base 10 and 9 % → 9.50 ± 0.71; SE 8 and 7 → 7.50 ± 0.71 at 900 img/s (1000/900 − 1 = +11.1 %); max 10 and 6 →
        // 8.00 ± 2.83, Δ +0.50 within the spread; ReLU 20 and 19 → Δ +12.00, beyond it (*); tanh one seed of two.
        const string expected = """
            ### Table X: a made-up study (golden)

            | Variant | Network | Params | MACs | Top-1 err. (%) | Δ vs average | Train img/s | Overhead | Paper top-1 err. (%) | Paper Δ |
            |---|---|---:|---:|---:|---:|---:|---:|---:|---:|
            | ResNet20 (base) | ResNet20 | 272,186 | 31.022 M | 9.50 ± 0.71 | — | 1000 | — | — | — |
            | average (reference) | SEResNet20 | 280,670 | 31.162 M | 7.50 ± 0.71 | — | 900 | +11.1 % | 22.28 | — |
            | max | MaxSqueezeSEResNet20 | 280,670 | 31.162 M | 8.00 ± 2.83 | +0.50 | 825 | +21.2 % | 22.57 | +0.29 |
            | ReLU | ReLUGateSEResNet20 | 280,670 | 31.162 M | 19.50 ± 0.71 | +12.00 * | 1000 | 0.0 % | 23.47 | +1.19 |
            | tanh | TanhGateSEResNet20 | 280,670 | 31.162 M | 7.00 ± 0.00 (1 of 2 seeds) | −0.50 | 950 | +5.3 % | 23.00 | +0.72 |

            Mean ± sample sd over seeds 1, 2; 1 epoch(s), batch 128, SGD lr 0.1 (Cosine), momentum 0.9, weight decay 0.0005, augmentation on; all training and 2,000 test images. MACs at 28×28. Train img/s: median over each run's stretches of steps, mean over seeds; overhead: extra time per image vs the base. * = the difference exceeds the seeds' spread (|Δ| > sd + sd_ref). Paper: ImageNet, ResNet-50, single runs.

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), Golden().ToMarkdown());
    }

    [Fact]
    public void CsvHasEveryRunAndTheComparisons()
    {
        const string expected = """
            study,table,variant,network,parameters,multiply_adds,seeds,top1_error_mean,top1_error_sd,top1_errors,images_per_s_mean,images_per_s_sd,overhead,delta_vs_reference,exceeds_spread,paper_top1_error,paper_delta
            golden,Table X,ResNet20,ResNet20,272186,31021952,2,9.5000,0.7071,10.0000;9.0000,1000.0,0.0,0.0000,,,,
            golden,Table X,average,SEResNet20,280670,31161728,2,7.5000,0.7071,8.0000;7.0000,900.0,0.0,0.1111,0.0000,no,22.28,0.00
            golden,Table X,max,MaxSqueezeSEResNet20,280670,31161728,2,8.0000,2.8284,10.0000;6.0000,825.0,35.4,0.2121,0.5000,no,22.57,0.29
            golden,Table X,ReLU,ReLUGateSEResNet20,280670,31161728,2,19.5000,0.7071,20.0000;19.0000,1000.0,0.0,0.0000,12.0000,yes,23.47,1.19
            golden,Table X,tanh,TanhGateSEResNet20,280670,31161728,1,7.0000,0.0000,7.0000,950.0,0.0,0.0526,-0.5000,no,23.00,0.72

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), Golden().ToCsv());
    }

    [Fact]
    public void DirectionIsComparedWithThePaper()
    {
        var rows = Golden().Rows.ToDictionary(r => r.Variant.Label);
        Assert.True(rows["max"].SameDirectionAsPaper);          // worse here (+0.50), worse in the paper (+0.29)
        Assert.False(rows["max"].ExceedsSpread);
        Assert.True(rows["ReLU"].ExceedsSpread);
        Assert.False(rows["tanh"].SameDirectionAsPaper);        // better here (−0.50), worse in the paper
        Assert.Null(rows["average"].SameDirectionAsPaper);      // the reference itself
        Assert.False(Golden().IsComplete);                      // tanh has one seed of two
    }

    [Theory]
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0 }, 2.5, 1.2909944487358056)]
    [InlineData(new[] { 7.0 }, 7.0, 0.0)]
    [InlineData(new[] { 10.0, 6.0 }, 8.0, 2.8284271247461903)]
    public void MeanAndSampleStandardDeviation(double[] values, double mean, double sd)
    {
        Assert.Equal(mean, Statistics.Mean(values), 12);
        Assert.Equal(sd, Statistics.SampleStandardDeviation(values), 12);
    }
}
