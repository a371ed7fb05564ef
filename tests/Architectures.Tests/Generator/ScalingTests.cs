using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Architectures.Tests.Generator;

/// <summary>
/// EfficientNet's compound scaling and RegNet's quantised-linear parameters give torchvision's networks from one
/// declaration each; the family SE presets make a bare [SEBlock] torchvision's (ARCH035 and ARCH066, the known-model warning and
/// impossible scaling parameters, are in DiagnosticTests). The expected counts are torchvision 0.14.1's
/// (Debian's python3-torchvision: sum(p.numel() for p in torchvision.models.NAME().parameters())).
/// </summary>
public class ScalingTests
{
    private const string Usings = "using Architectures;\nnamespace Demo;\n";

    /// <summary>The declaration gives no diagnostic at all: [ExpectParameters] holds (ARCH040 otherwise) and nothing warns.</summary>
    private static void AssertCleanly(string declaration)
    {
        var (result, compilation) = GeneratorHarness.Run(Usings + declaration);
        Assert.True(result.Diagnostics.IsEmpty, string.Join("; ", result.Diagnostics));
        Assert.Empty(compilation.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains(result.Results.Single().GeneratedSources, s => s.HintName == "Demo.Net.g.cs");
    }

    [Theory]
    [InlineData("", 5_288_548)] // no multipliers, no [MBConvStage]: B0 itself
    [InlineData("WidthMultiplier = 1.0, DepthMultiplier = 1.0", 5_288_548)]
    [InlineData("WidthMultiplier = 1.0, DepthMultiplier = 1.1", 7_794_184)]
    [InlineData("WidthMultiplier = 1.1, DepthMultiplier = 1.2", 9_109_994)]
    [InlineData("WidthMultiplier = 1.2, DepthMultiplier = 1.4", 12_233_232)]
    [InlineData("WidthMultiplier = 1.4, DepthMultiplier = 1.8", 19_341_616)]
    [InlineData("WidthMultiplier = 1.6, DepthMultiplier = 2.2", 30_389_784)]
    [InlineData("WidthMultiplier = 1.8, DepthMultiplier = 2.6", 43_040_704)]
    [InlineData("WidthMultiplier = 2.0, DepthMultiplier = 3.1", 66_347_960)]
    public void EfficientNetB0ToB7AreOneDeclarationEach(string multipliers, long torchvision) =>
        AssertCleanly($"[EfficientNet({multipliers})] [SEBlock] [ExpectParameters({torchvision})] public partial class Net;");

    [Fact]
    public void MultipliersScaleWrittenStagesToo()
    {
        // B0's stages written out and scaled as B2 are B2.
        string stages = string.Concat(new[] { (1, 3, 1, 16, 1), (6, 3, 2, 24, 2), (6, 5, 2, 40, 2), (6, 3, 2, 80, 3), (6, 5, 1, 112, 3), (6, 5, 2, 192, 4), (6, 3, 1, 320, 1) }
            .Select(s => $"[MBConvStage({s.Item1}, {s.Item2}, {s.Item3}, {s.Item4}, {s.Item5})] "));
        AssertCleanly($"[EfficientNet(WidthMultiplier = 1.1, DepthMultiplier = 1.2)] [SEBlock] {stages}[ExpectParameters(9_109_994)] public partial class Net;");
    }

    [Theory]
    [InlineData("Depth = 16, InitialWidth = 48, WidthSlope = 27.89, WidthMultiplier = 2.09, GroupWidth = 8", 4_344_144)]
    [InlineData("Depth = 14, InitialWidth = 56, WidthSlope = 38.84, WidthMultiplier = 2.4, GroupWidth = 16", 6_432_512)]
    [InlineData("Depth = 27, InitialWidth = 48, WidthSlope = 20.71, WidthMultiplier = 2.65, GroupWidth = 24", 11_202_430)]
    [InlineData("Depth = 21, InitialWidth = 80, WidthSlope = 42.63, WidthMultiplier = 2.66, GroupWidth = 24", 19_436_338)]
    [InlineData("Depth = 17, InitialWidth = 192, WidthSlope = 76.82, WidthMultiplier = 2.19, GroupWidth = 56", 39_381_472)]
    [InlineData("Depth = 18, InitialWidth = 200, WidthSlope = 106.23, WidthMultiplier = 2.48, GroupWidth = 112", 83_590_140)]
    [InlineData("Depth = 20, InitialWidth = 232, WidthSlope = 115.89, WidthMultiplier = 2.53, GroupWidth = 232", 145_046_770)]
    [InlineData("Depth = 27, InitialWidth = 456, WidthSlope = 160.83, WidthMultiplier = 2.52, GroupWidth = 264", 644_812_894)]
    // torchvision's RegNet(BlockParams.from_init_params(..., bottleneck_multiplier=0.5, se_ratio=0.25)) on regnet_y_800mf's parameters.
    [InlineData("Depth = 14, InitialWidth = 56, WidthSlope = 38.84, WidthMultiplier = 2.4, GroupWidth = 16, BottleneckMultiplier = 0.5", 3_671_328)]
    public void RegNetYFromItsParameters(string parameters, long torchvision) =>
        AssertCleanly($"[RegNet({parameters})] [SEBlock] [ExpectParameters({torchvision})] public partial class Net;");

    [Theory]
    [InlineData("Depth = 22, InitialWidth = 24, WidthSlope = 24.48, WidthMultiplier = 2.54, GroupWidth = 16", 5_495_976)]
    [InlineData("Depth = 16, InitialWidth = 56, WidthSlope = 35.73, WidthMultiplier = 2.28, GroupWidth = 16", 7_259_656)]
    [InlineData("Depth = 18, InitialWidth = 80, WidthSlope = 34.01, WidthMultiplier = 2.25, GroupWidth = 24", 9_190_136)]
    [InlineData("Depth = 25, InitialWidth = 88, WidthSlope = 26.31, WidthMultiplier = 2.25, GroupWidth = 48", 15_296_552)]
    [InlineData("Depth = 23, InitialWidth = 80, WidthSlope = 49.56, WidthMultiplier = 2.88, GroupWidth = 120", 39_572_648)]
    [InlineData("Depth = 22, InitialWidth = 216, WidthSlope = 55.59, WidthMultiplier = 2.1, GroupWidth = 128", 54_278_536)]
    [InlineData("Depth = 23, InitialWidth = 320, WidthSlope = 69.86, WidthMultiplier = 2.0, GroupWidth = 168", 107_811_560)]
    public void RegNetXFromItsParameters(string parameters, long torchvision) =>
        AssertCleanly($"[RegNet({parameters})] [ExpectParameters({torchvision})] public partial class Net;");

    [Fact]
    public void QuantisedLinearStagesAreTorchvisions()
    {
        // BlockParams.from_init_params(depth=14, w_0=56, w_a=38.84, w_m=2.4, group_width=16): depths [1, 3, 8, 2], widths [64, 144, 320, 784].
        var (result, _) = GeneratorHarness.Run(Usings + "[RegNet(Depth = 14, InitialWidth = 56, WidthSlope = 38.84, WidthMultiplier = 2.4, GroupWidth = 16)] [SEBlock] public partial class Net;");
        string report = result.Results.Single().GeneratedSources.Single(s => s.HintName == "Demo.Net.Report.g.cs").SourceText.ToString();
        Assert.Contains("depths 1-3-8-2, widths 64-144-320-784, group width 16", report);
    }

    [Fact]
    public void ListedStagesAndGeneratedOnesAreTheSameNetwork()
    {
        AssertCleanly("[RegNet(1, 3, 8, 2, Widths = new[] { 64, 144, 320, 784 }, GroupWidth = 16)] [SEBlock] [ExpectParameters(6_432_512)] public partial class Net;");
    }

    [Theory]
    [InlineData("[RegNet(Depth = 14, InitialWidth = 56, WidthSlope = 38.84, WidthMultiplier = 2.4, GroupWidth = 16)] [SEBlock]")] // the preset
    [InlineData("[RegNet(Depth = 14, InitialWidth = 56, WidthSlope = 38.84, WidthMultiplier = 2.4, GroupWidth = 16)] [SEBlock(Reduction = 4, Reference = ReferenceWidth.BlockInput, Rounding = Rounding.Nearest)]")]
    [InlineData("[RegNet(Depth = 14, InitialWidth = 56, WidthSlope = 38.84, WidthMultiplier = 2.4, GroupWidth = 8)] [SEBlock(Reduction = 16)]")] // not regnet_y_800mf: other groups
    [InlineData("[RegNet(Depth = 14, InitialWidth = 56, WidthSlope = 38.84, WidthMultiplier = 2.4, GroupWidth = 16)] [SEBlock(Kind = ExcitationKind.ECA)]")] // another kind is deliberate
    [InlineData("[RegNet(Depth = 14, InitialWidth = 56, WidthSlope = 38.84, WidthMultiplier = 2.4, GroupWidth = 16)] [SEBlock(Variant = typeof(Half))] public partial class Net; [Excitation(Reduction = 2)] public partial class Half;")]
    [InlineData("[RegNet(Depth = 14, InitialWidth = 56, WidthSlope = 38.84, WidthMultiplier = 2.4, GroupWidth = 16)]")] // RegNetX-style: no SE
    [InlineData("[EfficientNet(DepthMultiplier = 1.1)] [SEBlock]")]
    [InlineData("[EfficientNet(DepthMultiplier = 1.1, Classes = 10)] [SEBlock(Reduction = 4, Reference = ReferenceWidth.BlockInput, MinChannels = 1, Activation = Activation.SiLU)]")]
    [InlineData("[EfficientNet(DepthMultiplier = 1.3)] [SEBlock(Reduction = 8)]")] // depths 2-3-3-4-4-6-2: no torchvision model
    [InlineData("[EfficientNet(InputChannels = 1)] [SEBlock(Reduction = 8)]")] // a grey-scale stem is not efficientnet_b0
    public void KnownModelWarningDoesNotFire(string declaration)
    {
        var diagnostics = GeneratorHarness.GeneratorDiagnostics(Usings + declaration + (declaration.EndsWith(';') ? "" : " public partial class Net;"));
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void BareSEBlockIsTheFamilysPreset()
    {
        AssertCleanly("[EfficientNet(DepthMultiplier = 1.1)] [SEBlock] [ExpectParameters(7_794_184)] public partial class Net;");
        AssertCleanly("[RegNet(1, 3, 6, 6, Widths = new[] { 48, 104, 208, 440 })] [SEBlock] [ExpectParameters(4_344_144)] public partial class Net;");
        // MobileNetV3's preset: expanded / 4 to a multiple of 8, hard-sigmoid gate (the Zoo's small model written with a bare [SEBlock]).
        string small = string.Concat(
            "[MobileNetV3(StemChannels = 16, LastChannel = 1024)] [SEBlock] [InvertedResidual(3, 16, 16, 2, SE = true)] [InvertedResidual(3, 72, 24, 2)] [InvertedResidual(3, 88, 24, 1)] ",
            "[InvertedResidual(5, 96, 40, 2, SE = true, Activation = Activation.HardSwish)] [InvertedResidual(5, 240, 40, 1, SE = true, Activation = Activation.HardSwish)] ",
            "[InvertedResidual(5, 240, 40, 1, SE = true, Activation = Activation.HardSwish)] [InvertedResidual(5, 120, 48, 1, SE = true, Activation = Activation.HardSwish)] ",
            "[InvertedResidual(5, 144, 48, 1, SE = true, Activation = Activation.HardSwish)] [InvertedResidual(5, 288, 96, 2, SE = true, Activation = Activation.HardSwish)] ",
            "[InvertedResidual(5, 576, 96, 1, SE = true, Activation = Activation.HardSwish)] [InvertedResidual(5, 576, 96, 1, SE = true, Activation = Activation.HardSwish)] ",
            "[ExpectParameters(2_542_856)] public partial class Net;");
        AssertCleanly(small);
    }

    [Fact]
    public void EfficientNetScaledPastTheLimitsIsLocatedOnTheMultiplier()
    {
        string source = Usings + "[EfficientNet(DepthMultiplier = 64)] [MBConvStage(1, 3, 1, 16, 40)] public partial class Net;";
        var d = Assert.Single(GeneratorHarness.GeneratorDiagnostics(source));
        Assert.Equal("ARCH025", d.Id);
        Assert.Equal("64", GeneratorHarness.LocatedText(d, source));
    }

    [Fact]
    public void BuildReportLinesStayAlignedForLongNames()
    {
        const string source = """
            using Architectures;
            namespace Demo;
            [EfficientNet(WidthMultiplier = 1.1, DepthMultiplier = 1.2)] [SEBlock] public partial class EfficientNetB2WithTorchvisionsExcitation;
            [RegNet(Depth = 14, InitialWidth = 56, WidthSlope = 38.84, WidthMultiplier = 2.4, GroupWidth = 16)] [SEBlock] public partial class RegNetY800MF;
            [ResNet(Block.Basic, 2, 2, 2, 2)] public partial class ResNet18;
            """;
        var (result, compilation) = GeneratorHarness.Run(source);
        Assert.Empty(compilation.Where(d => d.Severity == DiagnosticSeverity.Error));
        string catalog = result.Results.Single().GeneratedSources.Single(s => s.HintName == "ArchitectureBuildReport.g.cs").SourceText.ToString();
        var lines = catalog.Split('\n').Where(l => l.StartsWith("// | ")).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Single(lines.Select(l => l.IndexOf(" params ", System.StringComparison.Ordinal)).Distinct());
        Assert.Single(lines.Select(l => l.IndexOf("  MACs ", System.StringComparison.Ordinal)).Distinct());
        SnapshotAssert.Matches("CatalogLongNames", string.Join("\n", lines) + "\n");
    }
}
