using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Architectures.Tests.Generator;

/// <summary>One test per diagnostic ID: the ID, its severity, the text it points at, and whether code is still emitted.</summary>
public class DiagnosticTests
{
    private const string Usings = "using Architectures;\nnamespace Demo;\n";

    /// <summary>Asserts the declaration gives exactly one diagnostic, with this ID; returns it and the text it points at.</summary>
    private static (Diagnostic Diagnostic, string Located) Single(string declaration, string id)
    {
        var diagnostics = GeneratorHarness.GeneratorDiagnostics(Usings + declaration);
        Assert.True(diagnostics.Count == 1, $"expected only {id}, got: {string.Join("; ", diagnostics)}");
        Assert.Equal(id, diagnostics[0].Id);
        Assert.Equal("Declarations0.cs", diagnostics[0].Location.GetLineSpan().Path);
        return (diagnostics[0], GeneratorHarness.LocatedText(diagnostics[0], Usings + declaration));
    }

    private static void AssertNoModule(string declaration)
    {
        var (result, _) = GeneratorHarness.Run(Usings + declaration);
        Assert.DoesNotContain(result.Results.Single().GeneratedSources, s => s.HintName.StartsWith("Demo."));
    }

    [Fact]
    public void ARCH001_ClassNotPartial()
    {
        const string declaration = "[ResNet(Block.Basic, 2, 2, 2, 2)] public class Net;";
        var (d, located) = Single(declaration, "ARCH001");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("Net", located);
        Assert.Contains("'Net' must be declared partial", d.GetMessage());
        AssertNoModule(declaration);
    }

    [Theory]
    [InlineData("public static partial class Outer { [ResNet(Block.Basic, 2, 2, 2, 2)] public partial class Net; }", "nested in another type")]
    [InlineData("[ResNet(Block.Basic, 2, 2, 2, 2)] public partial class Net<T>;", "generic")]
    [InlineData("[ResNet(Block.Basic, 2, 2, 2, 2)] public static partial class Net;", "static")]
    public void ARCH002_UnsupportedClassShape(string declaration, string problem)
    {
        var (d, located) = Single(declaration, "ARCH002");
        Assert.Equal("Net", located);
        Assert.Contains(problem, d.GetMessage());
    }

    [Fact]
    public void ARCH003_ClassAlreadyHasABaseClass()
    {
        var (d, located) = Single("public class Base; [ResNet(Block.Basic, 2, 2, 2, 2)] public partial class Net : Base;", "ARCH003");
        Assert.Contains("already derives from 'Demo.Base'", d.GetMessage());
    }

    [Fact]
    public void ARCH004_SEWithoutNetworkIsAWarning()
    {
        var (d, located) = Single("[SEBlock(Reduction = 8)] public partial class Net;", "ARCH004");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("SEBlock(Reduction = 8)", located);
    }

    [Fact]
    public void ARCH005_AUserMemberNamedLikeAGeneratedOne()
    {
        var (d, located) = Single("[ResNet(Block.Basic, 2, 2)] public partial class Net { private readonly int fc = 1; }", "ARCH005");
        Assert.Equal("fc", located);
        Assert.Equal("'Net' declares 'fc'; the generated half of the class declares that field too, so rename or remove it", d.GetMessage());
        AssertNoModule("[ResNet(Block.Basic, 2, 2)] public partial class Net { private readonly int fc = 1; }");
    }

    [Fact]
    public void ARCH006_APrimaryConstructor()
    {
        var (d, located) = Single("[ResNet(Block.Basic, 2, 2)] public partial class Net(int seed);", "ARCH006");
        Assert.Equal("(int seed)", located);
        AssertNoModule("[ResNet(Block.Basic, 2, 2)] public partial class Net(int seed);");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    public void ARCH010_ReductionNotPositive(int reduction)
    {
        string declaration = $"[ResNet(Block.Bottleneck, 3, 4, 6, 3)] [SEBlock(Reduction = {reduction})] public partial class Net;";
        var (d, located) = Single(declaration, "ARCH010");
        Assert.Equal(reduction.ToString(), located);
        AssertNoModule(declaration);
    }

    [Fact]
    public void ARCH011_ReductionExceedsTheChannelsOfAStage()
    {
        // ResNet-18's first stage has 64 channels.
        const string declaration = "[ResNet(Block.Basic, 2, 2, 2, 2)] [SEBlock(Reduction = 96)] public partial class Net;";
        var (d, located) = Single(declaration, "ARCH011");
        Assert.Equal("96", located);
        Assert.Equal("Reduction 96 exceeds the 64 channels of stage 1; the hidden width would be 0", d.GetMessage());
        AssertNoModule(declaration);
    }

    [Fact]
    public void ARCH011_AVariantsHiddenWidthIsCheckedWhereTheNetworkUsesIt()
    {
        const string declaration = "[Excitation(Reduction = 128, Gate = Gate.Tanh)] public partial class BigR; " +
                                   "[ResNet(Block.Basic, 2, 2, 2, 2)] [SEBlock(Variant = typeof(BigR))] public partial class Net;";
        var (d, located) = Single(declaration, "ARCH011");
        Assert.Equal("typeof(BigR)", located);
        Assert.Equal("Reduction 128 exceeds the 64 channels of stage 1; the hidden width would be 0", d.GetMessage());
        var (result, _) = GeneratorHarness.Run(Usings + declaration);
        Assert.DoesNotContain(result.Results.Single().GeneratedSources, s => s.HintName.StartsWith("Demo.Net"));
    }

    [Fact]
    public void ARCH010_AnInvalidVariantStopsTheNetworkThatUsesItWithoutAnInternalError()
    {
        var diagnostics = GeneratorHarness.GeneratorDiagnostics(Usings +
            "[Excitation(Reduction = 0)] public partial class Zero; [ResNet(Block.Basic, 2, 2)] [SEBlock(Variant = typeof(Zero))] public partial class Net;");
        Assert.Equal(new[] { "ARCH010", "ARCH050" }, diagnostics.Select(d => d.Id).OrderBy(id => id));
        Assert.Contains(diagnostics, d => d.Id == "ARCH050" && d.GetMessage().StartsWith("The variant Zero has invalid knobs"));
    }

    [Fact]
    public void ARCH012_ReductionNotDividingTheChannelsWarnsAndStillEmits()
    {
        const string declaration = "[ResNet(Block.Basic, 2, 2, 2, 2)] [SEBlock(Stage = 2, Reduction = 12)] public partial class Net;";
        var (d, located) = Single(declaration, "ARCH012");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("12", located);
        Assert.Contains("the 128 channels of stage 2; the hidden width rounds down to 10", d.GetMessage());
        var (result, _) = GeneratorHarness.Run(Usings + declaration);
        Assert.Contains(result.Results.Single().GeneratedSources, s => s.HintName == "Demo.Net.g.cs");
    }

    [Fact]
    public void ARCH020_NoStages()
    {
        var (d, located) = Single("[ResNet(Block.Basic)] public partial class Net;", "ARCH020");
        Assert.Equal("ResNet(Block.Basic)", located);
    }

    [Theory]
    [InlineData("[MobileNetV3]", "[InvertedResidual(3, 16, 16, 2, SE = true)]")]
    [InlineData("[MobileNetV2]", "[MBConvStage(1, 3, 1, 16, 1)]")] // an EfficientNet without stages is B0 (ScalingTests)
    [InlineData("[RegNet(new int[0], Widths = new int[0])]", "[RegNet(1, 3, 6, 6, Widths = new[] { 48, 104, 208, 440 })]")]
    public void ARCH020_NoStagesNamesTheFamilysOwnExample(string attribute, string example)
    {
        var (d, _) = Single(attribute + " public partial class Net;", "ARCH020");
        Assert.EndsWith("e.g. " + example, d.GetMessage());
    }

    [Fact]
    public void ARCH021_EmptyStage()
    {
        var (d, located) = Single("[ResNet(Block.Basic, 2, 0, 2)] public partial class Net;", "ARCH021");
        Assert.Equal("0", located);
        Assert.Equal("Stage 2 has 0 units; every stage needs at least one", d.GetMessage());
    }

    [Theory]
    [InlineData("Classes = 0", "0", "Classes is 0")]
    [InlineData("InputChannels = -1", "-1", "InputChannels is -1")]
    [InlineData("InputSize = 0", "0", "InputSize is 0")]
    [InlineData("Widths = new[] { 16, -32 }", "-32", "Widths[1] (stage 2) is -32")]
    public void ARCH022_ZeroOrNegativeValue(string argument, string expectedText, string message)
    {
        var (d, located) = Single($"[ResNet(Block.Basic, 2, 2, {argument})] public partial class Net;", "ARCH022");
        Assert.Equal(expectedText, located);
        Assert.StartsWith(message, d.GetMessage());
    }

    [Fact]
    public void ARCH023_WidthsDoNotMatchStages()
    {
        var (d, located) = Single("[ResNet(Block.Basic, 2, 2, 2, Widths = new[] { 16, 32 })] public partial class Net;", "ARCH023");
        Assert.Equal("new[] { 16, 32 }", located);
        Assert.Equal("Widths has 2 entries but the network has 3 stages", d.GetMessage());
    }

    [Fact]
    public void ARCH024_GroupsDoNotDivideTheWidth()
    {
        // 16 planes × 2 / 64 = 0.5 channels per group.
        var (d, located) = Single("[ResNet(Block.Bottleneck, 1, 1, Widths = new[] { 16, 32 }, Cardinality = 8, BaseWidth = 2)] public partial class Net;", "ARCH024");
        Assert.Equal("2", located);
        Assert.Contains("0.5 channels per group is not a whole number", d.GetMessage());
    }

    [Fact]
    public void ARCH024_BasicUnitsHaveNoGroups()
    {
        var (d, located) = Single("[ResNet(Block.Basic, 2, 2, Cardinality = 32)] public partial class Net;", "ARCH024");
        Assert.Equal("32", located);
    }

    [Fact]
    public void ARCH028_DeepStemNeedsAnEvenFirstWidth()
    {
        const string declaration = "[ResNet(Block.Basic, 2, 2, Widths = new[] { 15, 32 }, Stem = Stem.Deep)] public partial class Net;";
        var (d, located) = Single(declaration, "ARCH028");
        Assert.Equal("15", located);
        Assert.Contains("15 is odd", d.GetMessage());
        AssertNoModule(declaration);
    }

    [Fact]
    public void ARCH025_AStageTooLongToWriteOutIsRefusedBeforePlanning()
    {
        // A stage of 1,000,000 units once took 12.7 GB and 7 minutes to generate.
        const string declaration = "[ResNet(Block.Basic, 2, 1_000_000)] public partial class Net;";
        var (d, located) = Single(declaration, "ARCH025");
        Assert.Equal("1_000_000", located);
        Assert.Equal("The number of units up to stage 2 is 1,000,002; the generator supports at most 2,000 (see the limits under Diagnostics in the README)", d.GetMessage());
        AssertNoModule(declaration);
    }

    [Fact]
    public void ARCH027_MultiplyAddsPastLongAreNotWrapped()
    {
        const string declaration = "[ResNet(Block.Bottleneck, 2000, Widths = new[] { 1_048_576 }, InputSize = 16_384)] public partial class Net;";
        var (d, located) = Single(declaration, "ARCH027");
        Assert.Equal("1_048_576", located);
        Assert.Equal("'Net' would have more than 9,223,372,036,854,775,807 parameters or multiply-adds, which does not fit in a long; reduce this value", d.GetMessage());
        AssertNoModule(declaration);
    }

    [Fact]
    public void ARCH030_OverrideNamesAStageThatDoesNotExist()
    {
        var (d, located) = Single("[ResNet(Block.Basic, 2, 2, 2, 2)] [SEBlock] [SEBlock(Stage = 5, Reduction = 8)] public partial class Net;", "ARCH030");
        Assert.Equal("5", located);
        Assert.Equal("Stage 5 does not exist; 'Net' has stages 1 to 4", d.GetMessage());
    }

    [Fact]
    public void ARCH030_StagesListNamesAStageThatDoesNotExist()
    {
        var (d, located) = Single("[ResNet(Block.Basic, 2, 2, 2, 2)] [SEBlock(Stages = new[] { 2, 7 })] public partial class Net;", "ARCH030");
        Assert.Equal("7", located);
    }

    [Theory]
    [InlineData("[SEBlock] [SEBlock(Reduction = 8)]", "SEBlock(Reduction = 8)", "Only one network-wide [SEBlock]")]
    [InlineData("[SEBlock(Stage = 2)] [SEBlock(Stage = 2, Reduction = 8)]", "2", "Stage 2 is overridden twice")]
    [InlineData("[SEBlock(Stages = new[] { 3, 4 })] [SEBlock(Stage = 2, Reduction = 8)]", "2", "leaves it out of Stages")]
    [InlineData("[SEBlock(Stages = new[] { 3, 3 })]", "3", "Stage 3 is listed twice")]
    public void ARCH031_ConflictingOrDuplicateSEAttributes(string attributes, string expectedText, string message)
    {
        var (d, located) = Single($"[ResNet(Block.Basic, 2, 2, 2, 2)] {attributes} public partial class Net;", "ARCH031");
        Assert.Equal(expectedText, located);
        Assert.Contains(message, d.GetMessage());
    }

    [Fact]
    public void ARCH032_AfterConv3x3NeedsABottleneck()
    {
        var (d, located) = Single("[ResNet(Block.Basic, 2, 2, 2, 2)] [SEBlock(Placement = SEPlacement.AfterConv3x3)] public partial class Net;", "ARCH032");
        Assert.Equal("SEPlacement.AfterConv3x3", located);
    }

    [Theory]
    // The issue's cases: the reference width of the paper's SE instead of torchvision's block input.
    [InlineData("[RegNet(Depth = 14, InitialWidth = 56, WidthSlope = 38.84, WidthMultiplier = 2.4, GroupWidth = 16)]",
        "[SEBlock(Reduction = 4, Reference = ReferenceWidth.Channels)]", "ReferenceWidth.Channels",
        "'Net' has the layers of torchvision's regnet_y_800mf, but its [SEBlock] differs in Reference = ReferenceWidth.Channels (regnet_y_800mf: ReferenceWidth.BlockInput): 6,649,532 parameters instead of regnet_y_800mf's 6,432,512")]
    [InlineData("[RegNet(1, 3, 8, 2, Widths = new[] { 64, 144, 320, 784 }, GroupWidth = 16)]",
        "[SEBlock(Reduction = 16)]", "16",
        "differs in Reduction = 16 (regnet_y_800mf: 4)")]
    [InlineData("[EfficientNet(DepthMultiplier = 1.1)]",
        "[SEBlock(Reduction = 16, Reference = ReferenceWidth.Channels, MinChannels = 0, Activation = Activation.ReLU)]", "16",
        "'Net' has the layers of torchvision's efficientnet_b1, but its [SEBlock] differs in Reduction = 16 (efficientnet_b1: 4), MinChannels = 0 (efficientnet_b1: 1), " +
        "Reference = ReferenceWidth.Channels (efficientnet_b1: ReferenceWidth.BlockInput), Activation = Activation.ReLU (efficientnet_b1: Activation.SiLU): 8,347,897 parameters instead of efficientnet_b1's 7,794,184")]
    [InlineData("[EfficientNet(WidthMultiplier = 1.1, DepthMultiplier = 1.2)]", "[SEBlock(Gate = Gate.HardSigmoid)]", "Gate.HardSigmoid",
        "differs in Gate = Gate.HardSigmoid (efficientnet_b2: Gate.Sigmoid): the same 9,109,994 parameters as efficientnet_b2, but another function")]
    [InlineData("[MobileNetV3(LastChannel = 1024)] [InvertedResidual(3, 16, 16, 2, SE = true)] [InvertedResidual(3, 72, 24, 2)] [InvertedResidual(3, 88, 24, 1)] " +
        "[InvertedResidual(5, 96, 40, 2, SE = true)] [InvertedResidual(5, 240, 40, 1, SE = true)] [InvertedResidual(5, 240, 40, 1, SE = true)] [InvertedResidual(5, 120, 48, 1, SE = true)] " +
        "[InvertedResidual(5, 144, 48, 1, SE = true)] [InvertedResidual(5, 288, 96, 2, SE = true)] [InvertedResidual(5, 576, 96, 1, SE = true)] [InvertedResidual(5, 576, 96, 1, SE = true)]",
        "[SEBlock(Divisor = 1)]", "1", "'Net' has the layers of torchvision's mobilenet_v3_small, but its [SEBlock] differs in Divisor = 1 (mobilenet_v3_small: 8)")]
    public void ARCH035_KnownModelWithOtherSEKnobs(string network, string se, string located, string message)
    {
        string declaration = $"{network} {se} public partial class Net;";
        var diagnostics = GeneratorHarness.GeneratorDiagnostics(Usings + declaration);
        var d = Assert.Single(diagnostics);
        Assert.Equal("ARCH035", d.Id);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal(located, GeneratorHarness.LocatedText(d, Usings + declaration));
        Assert.Contains(message, d.GetMessage());
        // A warning: the network is still generated, with the knobs as declared.
        var (result, compilation) = GeneratorHarness.Run(Usings + declaration);
        Assert.Contains(result.Results.Single().GeneratedSources, s => s.HintName == "Demo.Net.g.cs");
        Assert.Empty(compilation.Where(c => c.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void ARCH040_ExpectedParameterCountFailsTheBuildWhenTheDeclarationDrifts()
    {
        const string declaration = "[ResNet(Block.Bottleneck, 3, 4, 6, 3)] [SEBlock(Reduction = 8)] [ExpectParameters(28_088_024)] public partial class Net;";
        // r = 8 doubles the SE weights: 2 × 2,514,944 + 16,992 biases on top of ResNet-50 (hand-computed).
        var (d, located) = Single(declaration, "ARCH040");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("28_088_024", located);
        Assert.Equal("'Net' has 30,603,912 parameters, not the expected 28,088,024 (difference +2,515,888)", d.GetMessage());
    }

    [Fact]
    public void ARCH040_MatchingExpectationIsSilent()
    {
        Assert.Empty(GeneratorHarness.GeneratorDiagnostics(Usings + "[ResNet(Block.Bottleneck, 3, 4, 6, 3)] [SEBlock] [ExpectParameters(28_088_024)] public partial class Net;"));
    }

    [Fact]
    public void ARCH041_ExpectedMultiplyAdds()
    {
        var (d, located) = Single("[ResNet(Block.Bottleneck, 3, 4, 6, 3)] [ExpectMultiplyAdds(3_860_000_000)] public partial class Net;", "ARCH041");
        Assert.Equal("'Net' needs 4,089,184,256 multiply-adds at 224×224, not the expected 3,860,000,000 (difference +229,184,256)", d.GetMessage());
    }

    [Theory]
    [InlineData("[MobileNetV3] [SEBlock(Reduction = 4, Placement = SEPlacement.Post)] [InvertedResidual(3, 16, 16, 1, SE = true)]", "SEPlacement.Post", "Placement does not apply to a MobileNetV3")]
    [InlineData("[RegNet(1, 1, Widths = new[] { 8, 16 })] [SEBlock(Stages = new[] { 1 })]", "new[] { 1 }", "Stages does not apply to a RegNet")]
    public void ARCH033_SEKnobThatTheFamilyDoesNotHave(string attributes, string expectedText, string message)
    {
        var (d, located) = Single(attributes + " public partial class Net;", "ARCH033");
        Assert.Equal(expectedText, located);
        Assert.StartsWith(message, d.GetMessage());
    }

    [Theory]
    [InlineData("[SEBlock(RoundLimit = 0.8)]", "0.8", "RoundLimit only applies when rounding to a Divisor")]
    [InlineData("[SEBlock(Kind = ExcitationKind.ECA, Reduction = 8)]", "8", "ECA has no hidden layer, so Reduction has no meaning")]
    [InlineData("[SEBlock(ReducedChannels = 32, Reduction = 8)]", "32", "ReducedChannels fixes the hidden width")]
    [InlineData("[SEBlock(Kind = ExcitationKind.CbamChannel, Squeeze = Squeeze.Max)]", "Squeeze.Max", "CbamChannel always squeezes by both")]
    [InlineData("[SEBlock(Divisor = 8, Rounding = Rounding.Nearest)]", "Rounding.Nearest", "Rounding does not apply with a Divisor")]
    public void ARCH050_ImpossibleKnobCombinations(string se, string expectedText, string message)
    {
        var (d, located) = Single($"[ResNet(Block.Basic, 2, 2, 2, 2)] {se} public partial class Net;", "ARCH050");
        Assert.Equal(expectedText, located);
        Assert.StartsWith(message, d.GetMessage());
    }

    [Fact]
    public void ARCH050_VariantOwnsItsKnobs()
    {
        var (d, located) = Single("[Excitation] public partial class V; [ResNet(Block.Basic, 2, 2)] [SEBlock(Variant = typeof(V), Reduction = 4)] public partial class Net;", "ARCH050");
        Assert.Equal("4", located);
        Assert.StartsWith("Reduction is set by the variant V", d.GetMessage());
    }

    [Fact]
    public void ARCH051_VariantWithoutExcitationAttribute()
    {
        var (d, located) = Single("public class NotAVariant; [ResNet(Block.Basic, 2, 2)] [SEBlock(Variant = typeof(NotAVariant))] public partial class Net;", "ARCH051");
        Assert.Equal("typeof(NotAVariant)", located);
        Assert.Equal("'Demo.NotAVariant' is not an excitation variant; declare it as a partial class with [Excitation(...)]", d.GetMessage());
    }

    [Fact]
    public void ARCH052_SEOnABlockWithNoChannelDimension()
    {
        const string block = "[CustomBlock] [SEBlock] public partial class Block { private partial TorchSharp.torch.Tensor Branch(TorchSharp.torch.Tensor x) => x; }";
        var (d, located) = Single(block, "ARCH052");
        Assert.Equal("CustomBlock", located);
        Assert.Contains("declares no channels to squeeze", d.GetMessage());
    }

    [Theory]
    [InlineData("[MobileNetV3] [InvertedResidual(4, 16, 16, 1)]", "4", "Unit 1: kernel 4 must be odd and positive")]
    [InlineData("[MobileNetV3] [InvertedResidual(3, 16, 16, 3)]", "3", "Unit 1: stride 3 must be 1 or 2")]
    [InlineData("[MobileNetV3] [InvertedResidual(3, 16, 16, 1, SE = true)]", "true", "Unit 1 asks for SE but 'Net' declares no [SEBlock]")]
    [InlineData("[EfficientNet(Dropout = 1.5)] [MBConvStage(1, 3, 1, 16, 1)]", "1.5", "Dropout 1.5 must lie in [0, 1)")]
    public void ARCH060_InvalidUnit(string attributes, string expectedText, string message)
    {
        var (d, located) = Single(attributes + " public partial class Net;", "ARCH060");
        Assert.Equal(expectedText, located.Split(',').Last().Trim());
        Assert.StartsWith(message, d.GetMessage());
    }

    [Fact]
    public void ARCH061_TwoNetworksOnOneClass()
    {
        var (d, _) = Single("[ResNet(Block.Basic, 2, 2)] [RegNet(1, Widths = new[] { 8 })] public partial class Net;", "ARCH061");
        Assert.Equal("'Net' declares more than one network ([ResNet], [RegNet]); a class is one architecture", d.GetMessage());
    }

    [Fact]
    public void ARCH034_AnEmptyStagesListWouldSilentlyRemoveSE()
    {
        const string declaration = "[ResNet(Block.Basic, 2, 2)] [SEBlock(Stages = new int[0])] public partial class Net;";
        var (d, located) = Single(declaration, "ARCH034");
        Assert.Equal("new int[0]", located);
        AssertNoModule(declaration);
    }

    [Theory]
    [InlineData("[ExpectParameters(100)]", "ExpectParameters(100)", "[ExpectParameters] on 'Net' has no effect")]
    [InlineData("[ExpectMultiplyAdds(100)]", "ExpectMultiplyAdds(100)", "[ExpectMultiplyAdds] on 'Net' has no effect")]
    [InlineData("[MBConvStage(1, 3, 1, 16, 1)]", "MBConvStage(1, 3, 1, 16, 1)", "[MBConvStage] on 'Net' has no effect")]
    [InlineData("[InvertedResidual(3, 16, 16, 1)]", "InvertedResidual(3, 16, 16, 1)", "[InvertedResidual] on 'Net' has no effect")]
    public void ARCH042_AnAttributeThatNeedsANetworkOnAClassWithout(string attribute, string expectedText, string message)
    {
        var (d, located) = Single(attribute + " public partial class Net;", "ARCH042");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal(expectedText, located);
        Assert.StartsWith(message, d.GetMessage());
    }

    [Theory]
    [InlineData("", "CustomBlock(Channels = 8)", "the class has no Branch method")]
    [InlineData("private TorchSharp.torch.Tensor Branch(TorchSharp.torch.Tensor x) => x;", "Branch", "Branch is not declared partial")]
    [InlineData("public partial TorchSharp.torch.Tensor Branch(TorchSharp.torch.Tensor x) => x;", "Branch", "Branch is public, not private")]
    [InlineData("private partial int Branch(TorchSharp.torch.Tensor x) => 0;", "Branch", "Branch returns int")]
    [InlineData("private partial TorchSharp.torch.Tensor Branch(TorchSharp.torch.Tensor x, int y) => x;", "Branch", "Branch takes 2 parameters")]
    [InlineData("private partial TorchSharp.torch.Tensor Branch(ref TorchSharp.torch.Tensor x) => x;", "Branch", "Branch takes ref TorchSharp.torch.Tensor x")]
    [InlineData("private int Branch = 0;", "Branch", "Branch is a field, not a method")]
    public void ARCH053_CustomBlockBranchMissingOrMisdeclared(string member, string expectedText, string problem)
    {
        string declaration = "[CustomBlock(Channels = 8)] public partial class Blk { " + member + " }";
        var (result, compilation) = GeneratorHarness.Run(Usings + declaration);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("ARCH053", d.Id);
        Assert.Equal(expectedText, GeneratorHarness.LocatedText(d, Usings + declaration));
        Assert.Equal($"'Blk': {problem}; the generated forward calls 'private partial Tensor Branch(Tensor x)' (TorchSharp.torch.Tensor), so declare exactly that", d.GetMessage());
        AssertNoModule(declaration);
    }

    [Theory]
    [InlineData("private readonly TorchSharp.Modules.BatchNorm2d bn1 = TorchSharp.torch.nn.BatchNorm2d(8);", "bn1")]
    [InlineData("private TorchSharp.Modules.BatchNorm2d Norm { get; } = TorchSharp.torch.nn.BatchNorm2d(8);", "Norm")]
    public void ARCH054_TorchSharpsBatchNormInACustomBlock(string member, string expectedText)
    {
        const string branch = "private partial TorchSharp.torch.Tensor Branch(TorchSharp.torch.Tensor x) => x;";
        string declaration = "[CustomBlock(Channels = 8)] public partial class Blk { " + member + " " + branch + " }";
        var (result, _) = GeneratorHarness.Run(Usings + declaration);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("ARCH054", d.Id);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal(expectedText, GeneratorHarness.LocatedText(d, Usings + declaration));
        Assert.StartsWith($"'Blk.{expectedText}' is TorchSharp's BatchNorm2d", d.GetMessage());
        // A warning: the block is still generated.
        Assert.Contains(result.Results.Single().GeneratedSources, s => s.HintName.StartsWith("Demo.Blk"));

        string safe = "[CustomBlock(Channels = 8)] public partial class Blk { private readonly Architectures.Modules.SafeBatchNorm2d bn1 = new(8); " + branch + " }";
        Assert.Empty(GeneratorHarness.Run(Usings + safe).Result.Diagnostics);
    }

    /// <summary>ARCH055 comes from an analyzer, not the generator: run over the declaration with its generated half.</summary>
    [Fact]
    public async Task ARCH055_TemporaryScalarInACustomBlock()
    {
        string declaration = "[CustomBlock(Channels = 8)] public partial class Blk { private partial TorchSharp.torch.Tensor Branch(TorchSharp.torch.Tensor x) => x + x; }";
        CSharpCompilation compilation = GeneratorHarness.Compile(Usings + declaration);
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var diagnostics = await output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new Architectures.Generators.Analysis.TemporaryScalarAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();
        var d = Assert.Single(diagnostics);
        Assert.Equal("ARCH055", d.Id);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("x + x", d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan));
        Assert.StartsWith("In 'Blk': TorchSharp's operator + on Tensor and Tensor makes a temporary scalar;", d.GetMessage());
    }

    [Theory]
    [InlineData("[ResNet(Block.Basic, 2, 2)] [MBConvStage(1, 3, 1, 16, 1)]", "MBConvStage(1, 3, 1, 16, 1)", "[MBConvStage] does not apply to a ResNet: it declares units of [MobileNetV2] or [EfficientNet]")]
    [InlineData("[EfficientNet] [MBConvStage(1, 3, 1, 16, 1)] [InvertedResidual(3, 16, 16, 1)]", "InvertedResidual(3, 16, 16, 1)", "[InvertedResidual] does not apply to a EfficientNet: it declares units of [MobileNetV3]")]
    public void ARCH064_AUnitAttributeOfAnotherFamily(string attributes, string expectedText, string message)
    {
        var (d, located) = Single(attributes + " public partial class Net;", "ARCH064");
        Assert.Equal(expectedText, located);
        Assert.Equal(message, d.GetMessage());
    }

    [Theory]
    [InlineData("[EfficientNet(WidthMultiplier = 0)] [SEBlock]", "0", "WidthMultiplier 0 must lie in (0, 64]")]
    [InlineData("[EfficientNet(DepthMultiplier = double.NaN)] [SEBlock]", "double.NaN", "DepthMultiplier NaN must lie in (0, 64]")]
    [InlineData("[RegNet(Depth = 14, InitialWidth = 50, WidthSlope = 38.84, WidthMultiplier = 2.4)]", "50", "InitialWidth 50 must be a positive multiple of 8")]
    [InlineData("[RegNet(Depth = 14, InitialWidth = 56, WidthSlope = 38.84, WidthMultiplier = 1.0)]", "1.0", "WidthMultiplier 1 must be greater than 1")]
    [InlineData("[RegNet(Depth = 14, InitialWidth = 56, WidthSlope = -1, WidthMultiplier = 2.4)]", "-1", "WidthSlope -1 must lie in [0, 1048576]")]
    [InlineData("[RegNet(Depth = 14, InitialWidth = 56, WidthSlope = 38.84)]", "RegNet(Depth = 14, InitialWidth = 56, WidthSlope = 38.84)", "WidthMultiplier is missing")]
    [InlineData("[RegNet(1, 3, Depth = 14, InitialWidth = 56, WidthSlope = 38.84, WidthMultiplier = 2.4)]", "1", "List the units per stage or generate them")]
    [InlineData("[RegNet(Depth = 14, InitialWidth = 56, WidthSlope = 38.84, WidthMultiplier = 2.4, Widths = new[] { 8 })]", "new[] { 8 }", "Widths are generated from")]
    [InlineData("[RegNet(1, Widths = new[] { 8 }, BottleneckMultiplier = double.PositiveInfinity)]", "double.PositiveInfinity", "must lie in (0, 64]")]
    public void ARCH066_InvalidScaling(string declaration, string located, string message)
    {
        string source = Usings + declaration + " public partial class Net;";
        var diagnostics = GeneratorHarness.GeneratorDiagnostics(source);
        var d = Assert.Single(diagnostics);
        Assert.Equal("ARCH066", d.Id);
        Assert.Equal(located, GeneratorHarness.LocatedText(d, source));
        Assert.Contains(message, d.GetMessage());
        var (result, _) = GeneratorHarness.Run(source);
        Assert.DoesNotContain(result.Results.Single().GeneratedSources, s => s.HintName == "Demo.Net.g.cs");
    }

    [Fact]
    public void ARCH062_ANetworkAndAVariantOnOneClass()
    {
        var (d, located) = Single("[ResNet(Block.Basic, 2, 2)] [Excitation] public partial class Net;", "ARCH062");
        Assert.Equal("ResNet(Block.Basic, 2, 2)", located);
        Assert.Equal("'Net' carries [ResNet], [Excitation]; a class is one network, one excitation variant or one custom block, so keep one of them", d.GetMessage());
    }

    [Fact]
    public void ARCH063_TheNetworkAttributeOnTwoPartialParts()
    {
        var (d, located) = Single("[ResNet(Block.Basic, 2, 2)] public partial class Net; [ResNet(Block.Basic, 3, 3)] public partial class Net;", "ARCH063");
        Assert.Equal("ResNet(Block.Basic, 3, 3)", located);
        Assert.Equal("'Net' carries [ResNet] again on another partial declaration; keep one", d.GetMessage());
    }

    [Theory]
    [InlineData("[ResNet((Block)7, 2, 2)]", "(Block)7", "7 is not a Block; use one of Basic, Bottleneck")]
    [InlineData("[ResNet(Block.Basic, 2, 2)] [SEBlock(Gate = (Gate)9)]", "(Gate)9", "9 is not a Gate; use one of Sigmoid, Tanh, ReLU, HardSigmoid")]
    [InlineData("[MobileNetV3] [InvertedResidual(3, 16, 16, 1, Activation = (Activation)42)]", "(Activation)42", "42 is not a Activation")]
    public void ARCH026_CastToAnUndefinedEnumValue(string attributes, string expectedText, string message)
    {
        var (d, located) = Single(attributes + " public partial class Net;", "ARCH026");
        Assert.Equal(expectedText, located);
        Assert.StartsWith(message, d.GetMessage());
    }

    [Fact]
    public void ARCH090_AnUnforeseenFailureBecomesADiagnosticOnTheClass()
    {
        // No declaration is known to make a parser throw; the conversion the pipeline applies is tested directly.
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("partial class Net;", path: "Declarations0.cs");
        var declaration = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>().Single();
        Diagnostic d = Architectures.Generators.ArchitectureGenerator.InternalError(declaration, new System.InvalidOperationException("boom")).ToDiagnostic();
        Assert.Equal("ARCH090", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("Net", GeneratorHarness.LocatedText(d, "partial class Net;"));
        Assert.Equal("The Architectures generator could not read 'Net' (InvalidOperationException: boom); please report this with the declaration", d.GetMessage());
    }

    [Fact]
    public void EveryDescriptorIdIsUniqueAndTested()
    {
        var ids = typeof(Architectures.Generators.ArchitectureGenerator).Assembly
            .GetType("Architectures.Generators.Diagnostics.DiagnosticDescriptors")!
            .GetFields().Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var tested = typeof(DiagnosticTests).GetMethods().Select(m => m.Name.Split('_')[0]).ToHashSet();
        Assert.All(ids, id => Assert.Contains(id, tested));
    }
}
