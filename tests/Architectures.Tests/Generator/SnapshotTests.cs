using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Architectures.Tests.Generator;

/// <summary>The generated sources, compared with approved files (Snapshots/*.approved.txt).</summary>
public class SnapshotTests
{
    [Theory]
    [InlineData("SEResNet50", "[ResNet(Block.Bottleneck, 3, 4, 6, 3)]\n[SEBlock(Reduction = 16, Placement = SEPlacement.Standard)]")]
    [InlineData("ResNet50", "[ResNet(Block.Bottleneck, 3, 4, 6, 3)]")]
    [InlineData("SEResNet50D", "[ResNet(Block.Bottleneck, 3, 4, 6, 3, Stem = Stem.Deep, Shortcut = Shortcut.AveragePool)]\n[SEBlock]")]
    [InlineData("PaperSEResNeXt50", "[ResNet(Block.Bottleneck, 3, 4, 6, 3, Cardinality = 32, BaseWidth = 4, StrideOn = StrideOn.FirstConv1x1)]\n[SEBlock]")]
    [InlineData("SEResNet20", "[ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]\n[SEBlock(Reduction = 4)]")]
    [InlineData("Ablation", "[ResNet(Block.Bottleneck, 3, 4, 6, 3)]\n[SEBlock(Squeeze = Squeeze.Max, Gate = Gate.Tanh, Bias = false, Stages = new[] { 2, 3, 4 })]\n[SEBlock(Stage = 2, Placement = SEPlacement.Pre)]\n[SEBlock(Stage = 3, Placement = SEPlacement.Identity)]\n[SEBlock(Stage = 4, Reduction = 8, Placement = SEPlacement.AfterConv3x3)]")]
    public void GeneratedModule(string name, string attributes)
    {
        string source = $"using Architectures;\nnamespace Demo;\n{attributes}\npublic partial class {name};\n";
        var (result, compilation) = GeneratorHarness.Run(source);

        Assert.Empty(result.Diagnostics);
        Assert.Empty(compilation.Where(d => d.Severity == DiagnosticSeverity.Error));
        var generated = result.Results.Single().GeneratedSources;
        SnapshotAssert.Matches(name, generated.Single(s => s.HintName == $"Demo.{name}.g.cs").SourceText.ToString());
        if (name == "SEResNet20")
        {
            SnapshotAssert.Matches(name + ".Report", generated.Single(s => s.HintName == $"Demo.{name}.Report.g.cs").SourceText.ToString());
        }
    }

    [Theory]
    [InlineData("MobileNetV3Small", "Mobile.cs", "Architectures.Zoo.MobileNetV3Small.g.cs")]
    [InlineData("EfficientNetB0", "Mobile.cs", "Architectures.Zoo.EfficientNetB0.g.cs")]
    [InlineData("RegNetY400MF", "Mobile.cs", "Architectures.Zoo.RegNetY400MF.g.cs")]
    [InlineData("Variant", "Variants.cs", "Architectures.Zoo.HardSE.g.cs")]
    [InlineData("EcaResNet50", "Variants.cs", "Architectures.Zoo.EcaResNet50.g.cs")]
    [InlineData("CustomBlock", "Variants.cs", "Architectures.Zoo.TwoConvBlock.g.cs")]
    public void GeneratedFromTheExamples(string name, string file, string hintName)
    {
        var (result, compilation) = GeneratorHarness.Run(FamilySources.Zoo(file));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(compilation.Where(d => d.Severity == DiagnosticSeverity.Error));
        SnapshotAssert.Matches(name, result.Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString());
    }

    [Theory]
    [InlineData("EcaVariant", "Demo.Eca.g.cs")]
    [InlineData("IdentityCustomBlock", "Demo.TwoConvBlock.g.cs")]
    public void GeneratedFamilies(string name, string hintName)
    {
        var (result, compilation) = GeneratorHarness.Run(FamilySources.Get(name));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(compilation.Where(d => d.Severity == DiagnosticSeverity.Error));
        SnapshotAssert.Matches(name, result.Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString());
    }

    [Fact]
    public void CatalogListsEveryArchitectureWithItsBuildReportLine()
    {
        const string source = """
            using Architectures;
            namespace Demo;
            [ResNet(Block.Basic, 2, 2, 2, 2)] public partial class ResNet18;
            [ResNet(Block.Basic, 2, 2, 2, 2)] [SEBlock] public partial class SEResNet18;
            """;
        var (result, compilation) = GeneratorHarness.Run(source);
        Assert.Empty(compilation.Where(d => d.Severity == DiagnosticSeverity.Error));
        var catalog = result.Results.Single().GeneratedSources.Single(s => s.HintName == "ArchitectureBuildReport.g.cs");
        SnapshotAssert.Matches("Catalog", catalog.SourceText.ToString());
    }

    [Theory]
    [InlineData("[Excitation]")]
    [InlineData("[Excitation(Reduction = 8)]")]
    [InlineData("[Excitation(Kind = ExcitationKind.ECA)]")]
    [InlineData("[Excitation(Kind = ExcitationKind.NoSqueeze)]")]
    [InlineData("[Excitation(Kind = ExcitationKind.EffectiveSE)]")]
    [InlineData("[Excitation(Kind = ExcitationKind.GatherExcite)]")]
    [InlineData("[Excitation(Kind = ExcitationKind.CbamChannel, ReducedChannels = 8)]")]
    [InlineData("[Excitation(Kind = ExcitationKind.CoordinateAttention)]")]
    [InlineData("[Excitation(Kind = ExcitationKind.CoordinateAttention, Reduction = 8, Bias = true, Activation = Activation.ReLU)]")]
    [InlineData("[Excitation(Reduction = 4, Rounding = Rounding.Nearest, MinChannels = 2, Activation = Activation.GELU)]")]
    public void EveryVariantKindCompilesAndIsUsableByANetwork(string attribute)
    {
        string source = $"using Architectures;\nnamespace Demo;\n{attribute} public partial class V;\n" +
                        "[ResNet(Block.Basic, 1, 1, Widths = new[] { 16, 32 })] [SEBlock(Variant = typeof(V))] public partial class Net;";
        var (result, compilation) = GeneratorHarness.Run(source);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(compilation.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void NoDeclarationsNoOutput()
    {
        var (result, _) = GeneratorHarness.Run("namespace Demo; public class Plain { }");
        Assert.Empty(result.Results.Single().GeneratedSources);
        Assert.Empty(result.Diagnostics);
    }
}
