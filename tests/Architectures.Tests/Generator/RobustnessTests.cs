using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Architectures.Tests.Generator;

/// <summary>
/// Issue 10 §2: no declaration breaks the build. Each test is a class of malformed or unusual declarations found to
/// make the generator throw (CS8785, which drops every architecture's output), emit code that does not compile, or
/// say nothing; each now gets a located diagnostic, and the other architectures of the compilation are still written.
/// </summary>
public class RobustnessTests
{
    private const string Usings = "using Architectures;\nnamespace Demo;\n";

    /// <summary>A valid network beside the bad one: its output must survive whatever the other declaration does.</summary>
    private const string Bystander = "\n[ResNet(Block.Basic, 1, 1, Widths = new[] { 8, 16 }, Stem = Stem.SmallImage, InputSize = 8)] public partial class Bystander;\n";

    /// <summary>One declaration of every kind the generator writes.</summary>
    internal const string EveryFamily = """
        [ResNet(Block.Bottleneck, 1, 1, Widths = new[] { 8, 16 })] [SEBlock(Reduction = 4, Stages = new[] { 2 })] public partial class Res;
        [ResNet(Block.Basic, 1, 1, Widths = new[] { 8, 16 }, Stem = Stem.SmallImage)] [SEBlock(Variant = typeof(HardSE))] public partial class Basic;
        [RegNet(1, 1, Widths = new[] { 8, 16 })] [SEBlock(Reduction = 4, Kind = ExcitationKind.SqueezeExcitation)] public partial class Reg;
        [Excitation(Reduction = 4, Divisor = 8, Gate = Gate.HardSigmoid)] public partial class HardSE;
        [Excitation(Kind = ExcitationKind.ECA)] public partial class Eca;
        [MobileNetV3] [SEBlock(Reduction = 4, Divisor = 8)] [InvertedResidual(3, 16, 16, 2, SE = true)] public partial class V3;
        [MobileNetV2] [MBConvStage(1, 3, 1, 16, 1)] public partial class V2;
        [EfficientNet] [SEBlock(Reduction = 4, Reference = ReferenceWidth.BlockInput)] [MBConvStage(1, 3, 1, 16, 2)] public partial class Eff;
        [CustomBlock(Channels = 8)] [SEBlock(Reduction = 2)] public partial class Blk { private partial TorchSharp.torch.Tensor Branch(TorchSharp.torch.Tensor x) => x; }
        """;

    /// <summary>Runs the generator: it must not throw, and no error may sit inside a generated file.</summary>
    internal static (GeneratorRunResult Run, IReadOnlyList<Diagnostic> Generator, IReadOnlyList<Diagnostic> Compilation) Check(string source)
    {
        var (result, compilation) = GeneratorHarness.Run(source);
        GeneratorRunResult run = result.Results.Single();
        Assert.True(run.Exception is null, $"the generator threw: {run.Exception}");
        Assert.DoesNotContain(result.Diagnostics.Concat(compilation), d => d.Id is "CS8785" or "AD0001");
        var inGenerated = compilation.Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } tree
                                                && run.GeneratedSources.Any(s => s.SyntaxTree == tree)).ToList();
        Assert.True(inGenerated.Count == 0, "errors inside generated code:\n" + string.Join("\n", inGenerated));
        return (run, run.Diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList(), compilation);
    }

    private static void AssertBystanderWritten(GeneratorRunResult run) =>
        Assert.Contains(run.GeneratedSources, s => s.HintName == "Demo.Bystander.g.cs");

    [Theory]
    [InlineData("[Excitation] [CustomBlock(Channels = 8)]", "ARCH062", "[Excitation], [CustomBlock]")]
    [InlineData("[ResNet(Block.Basic, 2, 2)] [Excitation]", "ARCH062", "[ResNet], [Excitation]")]
    [InlineData("[CustomBlock(Channels = 8)] [ResNet(Block.Basic, 2, 2)]", "ARCH062", "[CustomBlock], [ResNet]")]
    [InlineData("[EfficientNet] [MBConvStage(1, 3, 1, 16, 1)] [Excitation]", "ARCH062", "[EfficientNet], [Excitation]")]
    [InlineData("[MobileNetV2] [RegNet(1, Widths = new[] { 8 })] [MBConvStage(1, 3, 1, 16, 1)]", "ARCH061", "[MobileNetV2], [RegNet]")]
    public void TwoGeneratingAttributesOnOneClassAreOneDiagnostic(string attributes, string id, string listed)
    {
        string source = Usings + attributes + " public partial class Net { private partial TorchSharp.torch.Tensor Branch(TorchSharp.torch.Tensor x) => x; }" + Bystander;
        var (run, diagnostics, _) = Check(source);
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Equal(id, d.Id);
        Assert.Contains(listed, d.GetMessage());
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.StartsWith("Demo.Net"));
        AssertBystanderWritten(run);
    }

    [Theory]
    [InlineData("[ResNet(Block.Basic, 2, 2)]", "ResNet(Block.Basic, 2, 2)")]
    [InlineData("[Excitation(Reduction = 4)]", "Excitation(Reduction = 4)")]
    [InlineData("[CustomBlock(Channels = 8)]", "CustomBlock(Channels = 8)")]
    public void TheSameGeneratingAttributeOnTwoPartialPartsIsReportedOnTheSecond(string attribute, string located)
    {
        string second = $"{attribute} public partial class Net;";
        string source = Usings + $"{attribute} public partial class Net {{ private partial TorchSharp.torch.Tensor Branch(TorchSharp.torch.Tensor x) => x; }}\n" + second + Bystander;
        var (run, diagnostics, _) = Check(source);
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Equal("ARCH063", d.Id);
        Assert.Equal(source.IndexOf(second) + 1, d.Location.SourceSpan.Start);
        Assert.Equal(located, GeneratorHarness.LocatedText(d, source));
        AssertBystanderWritten(run);
    }

    [Fact]
    public void KeywordNamesWrittenWithAtAreEscapedInCodeAndDroppedFromHintNames()
    {
        const string source = """
            using Architectures;
            namespace @namespace.@class;
            [ResNet(Block.Basic, 1, 1, Widths = new[] { 8, 16 }, Stem = Stem.SmallImage)] [SEBlock(Variant = typeof(@event))] public partial class @class;
            [Excitation(Reduction = 2)] public partial class @event;
            [CustomBlock(Channels = 8)] [SEBlock(Reduction = 2)] public partial class @record { private partial TorchSharp.torch.Tensor Branch(TorchSharp.torch.Tensor x) => x; }
            """;
        var (run, diagnostics, compilation) = Check(source);
        Assert.Empty(diagnostics);
        Assert.DoesNotContain(compilation, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(new[] { "ArchitectureBuildReport.g.cs", "namespace.class.class.Report.g.cs", "namespace.class.class.g.cs",
                "namespace.class.event.g.cs", "namespace.class.record.g.cs" },
            run.GeneratedSources.Select(s => s.HintName).OrderBy(h => h, System.StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("[ResNet(Block.Basic, 2, 2)] public partial record Net;", "a record")]
    [InlineData("[ResNet(Block.Basic, 2, 2)] public partial record class Net;", "a record")]
    [InlineData("[Excitation] public partial record Net;", "a record")]
    [InlineData("[CustomBlock(Channels = 8)] public partial record Net;", "a record")]
    [InlineData("public partial class Outer { [Excitation] public partial class Net; }", "nested in another type")]
    [InlineData("[CustomBlock(Channels = 8)] public partial class Net<T>;", "generic")]
    public void RecordsNestedAndGenericClassesAreRejectedWhereUsed(string declaration, string problem)
    {
        var (run, diagnostics, _) = Check(Usings + declaration + Bystander);
        Assert.Contains(diagnostics, d => d.Id == "ARCH002" && d.GetMessage().Contains(problem));
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.Contains(".Net"));
        AssertBystanderWritten(run);
    }

    /// <summary>User types named like what the generated code uses, in the declaring namespace, capture nothing.</summary>
    [Fact]
    public void UserTypesNamedLikeGeneratedReferencesCaptureNothing()
    {
        string[] names =
        {
            "Tensor", "Module", "Conv2d", "BatchNorm2d", "SafeBatchNorm2d", "HeldScalars", "MaxPool2d", "Sequential", "Linear", "Dropout", "Bottleneck", "BasicBlock", "Layers",
            "SqueezeExcitation", "EffectiveSqueezeExcitation", "EfficientChannelAttention", "GatherExcite", "NoSqueezeExcitation", "CoordinateAttention", "IExcitation",
            "ChannelRounding", "ConvNormActivation", "BatchNormSettings", "Nonlinearities", "Initialization", "InvertedResidual",
            "ResBottleneckBlock", "BottleneckTransform", "ArchitectureReport", "LayerRow", "ArchitectureInfo", "System", "TorchSharp",
            "Architectures", "SEPlacement", "StrideOn", "Gate", "Squeeze", "Activation", "NewDisposeScope", "Math",
            "ExcitationKinds", "ExcitationKindInfo", "ExcitationKind", "Rounding",
        };
        string captures = string.Join("\n", names.Select(n => $"public class {n} {{ }}"));
        // The declarations name attribute types in full: the user's 'Gate', 'Activation', … hide Architectures' here too.
        string declarations = EveryFamily.Replace("Gate.", "global::Architectures.Gate.").Replace("ReferenceWidth.", "global::Architectures.ReferenceWidth.")
            .Replace("Block.", "global::Architectures.Block.").Replace("Stem.", "global::Architectures.Stem.")
            .Replace("ExcitationKind.", "global::Architectures.ExcitationKind.").Replace("TorchSharp.torch", "global::TorchSharp.torch");
        var (run, diagnostics, compilation) = Check(Usings + declarations + "\n" + captures);
        Assert.Empty(diagnostics);
        Assert.DoesNotContain(compilation, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(16, run.GeneratedSources.Length); // 6 networks × (module, report), 2 variants, 1 block, the catalog
    }

    /// <summary>
    /// The general form of the test above: in every generated file, a simple name that binds to a type, a namespace or
    /// another type's static method must be global::-qualified, since a namespace member of that name would capture it.
    /// </summary>
    [Fact]
    public void EveryTypeOrStaticMethodReferenceInGeneratedCodeIsQualified()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Usings + EveryFamily);
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        var unqualified = new List<string>();
        foreach (SyntaxTree tree in output.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs")))
        {
            SemanticModel model = output.GetSemanticModel(tree);
            foreach (SimpleNameSyntax name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name) continue;
                if (name.Parent is QualifiedNameSyntax q && q.Right == name) continue;
                if (name.Parent is AliasQualifiedNameSyntax or NameColonSyntax) continue;
                if (name.IsVar) continue; // a type named 'var' (warning CS8981) would capture every 'var' in C#, generated or not
                if (name.Ancestors().Any(a => a is BaseNamespaceDeclarationSyntax ns && ns.Name.Span.Contains(name.Span))) continue;
                if (name.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" })) continue;
                ISymbol? symbol = model.GetSymbolInfo(name).Symbol;
                INamedTypeSymbol? declaring = model.GetEnclosingSymbol(name.SpanStart)?.ContainingType;
                bool capturable = symbol switch
                {
                    INamedTypeSymbol t => !SymbolEqualityComparer.Default.Equals(t, declaring), // a class naming itself is never captured
                    INamespaceSymbol => true,
                    IMethodSymbol { IsStatic: true } m => !IsSelfOrBase(m.ContainingType, declaring),
                    _ => false,
                };
                if (capturable) unqualified.Add($"{tree.FilePath}: {name} ({symbol})");
            }
        }
        Assert.True(unqualified.Count == 0, string.Join("\n", unqualified.Distinct()));
    }

    private static bool IsSelfOrBase(INamedTypeSymbol? type, INamedTypeSymbol? declaring)
    {
        for (INamedTypeSymbol? t = declaring; t is not null; t = t.BaseType)
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, type?.OriginalDefinition)) return true;
        return false;
    }

    [Theory]
    [InlineData("[ResNet(Block.Basic, 2, 2)]", "public const long ParameterCount = 1;", "ParameterCount", "'ParameterCount'; the generated half of the class declares that field too")]
    [InlineData("[ResNet(Block.Basic, 2, 2)]", "public TorchSharp.torch.Tensor forward(TorchSharp.torch.Tensor x) => x;", "forward", "'forward'; the generated half of the class declares that method too")]
    [InlineData("[ResNet(Block.Basic, 2, 2)]", "private int conv1;", "conv1", "'conv1'; the generated half of the class declares that field too")]
    [InlineData("[ResNet(Block.Basic, 2, 2)]", "private int layer2;", "layer2", "'layer2'")]
    [InlineData("[ResNet(Block.Basic, 2, 2)]", "private int fc;", "fc", "'fc'")]
    [InlineData("[ResNet(Block.Basic, 2, 2)]", "public static int Report => 1;", "Report", "'Report'; the generated half of the class declares that property too")]
    [InlineData("[ResNet(Block.Basic, 2, 2)]", "public Net() : base(\"x\") { }", "Net", "a constructor with 0 parameters; the generated half of the class declares that constructor too")]
    [InlineData("[MobileNetV2] [MBConvStage(1, 3, 1, 16, 1)]", "private int features;", "features", "'features'")]
    [InlineData("[RegNet(1, Widths = new[] { 8 })]", "private int trunk_output;", "trunk_output", "'trunk_output'")]
    [InlineData("[Excitation]", "public static long HiddenChannels(long r) => r;", "HiddenChannels", "'HiddenChannels'; the generated half of the class declares that method too")]
    [InlineData("[Excitation]", "public Net(long channels) : base(channels, 1) { }", "Net", "a constructor with 1 parameter")]
    [InlineData("[CustomBlock(Channels = 8)] [SEBlock(Reduction = 2)]", "private int se;", "se", "'se'; the generated half of the class declares that field too")]
    public void UserMembersThatClashWithGeneratedOnesAreNamed(string attributes, string member, string located, string message)
    {
        string branch = attributes.Contains("CustomBlock") ? " private partial TorchSharp.torch.Tensor Branch(TorchSharp.torch.Tensor x) => x;" : "";
        string source = Usings + $"{attributes} public partial class Net {{ {member}{branch} }}" + Bystander;
        var (run, diagnostics, _) = Check(source);
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Equal("ARCH005", d.Id);
        Assert.Equal(located, GeneratorHarness.LocatedText(d, source));
        Assert.Contains(message, d.GetMessage());
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.StartsWith("Demo.Net"));
        AssertBystanderWritten(run);
    }

    [Fact]
    public void UserMembersWithOtherNamesOrOverloadsAreFine()
    {
        string source = Usings + "[ResNet(Block.Basic, 2, 2)] public partial class Net { private int conv9; public Net(int seed) : this() { } public static string Describe() => \"net\"; }" + Bystander;
        var (run, diagnostics, _) = Check(source);
        Assert.Empty(diagnostics);
        Assert.Contains(run.GeneratedSources, s => s.HintName == "Demo.Net.g.cs");
    }

    [Theory]
    [InlineData("[ResNet(Block.Basic, 2, 2)] public partial class Net(int seed);")]
    [InlineData("[Excitation] public partial class Net(int seed);")]
    public void APrimaryConstructorIsNamed(string declaration)
    {
        string source = Usings + declaration + Bystander;
        var (run, diagnostics, _) = Check(source);
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Equal("ARCH006", d.Id);
        Assert.Equal("(int seed)", GeneratorHarness.LocatedText(d, source));
        AssertBystanderWritten(run);
    }

    [Theory]
    [InlineData("[ResNet(Block.Basic, 2, 2)] [SEBlock(Divisor = 8, RoundLimit = double.NaN)]", "double.NaN")]
    [InlineData("[ResNet(Block.Basic, 2, 2)] [SEBlock(Divisor = 8, RoundLimit = double.PositiveInfinity)]", "double.PositiveInfinity")]
    [InlineData("[EfficientNet(Dropout = double.NaN)] [MBConvStage(1, 3, 1, 16, 1)]", "double.NaN")]
    [InlineData("[MobileNetV2(Dropout = double.NegativeInfinity)] [MBConvStage(1, 3, 1, 16, 1)]", "double.NegativeInfinity")]
    [InlineData("[EfficientNet(StochasticDepth = 0.0 / 0.0)] [MBConvStage(1, 3, 1, 16, 1)]", "0.0 / 0.0")]
    [InlineData("[MobileNetV3(Dropout = double.NaN)] [InvertedResidual(3, 16, 16, 1)]", "double.NaN")]
    public void NotANumberAndInfinityAreRejectedOnTheArgument(string attributes, string located)
    {
        string source = Usings + attributes + " public partial class Net;" + Bystander;
        var (run, diagnostics, _) = Check(source);
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Equal(located, GeneratorHarness.LocatedText(d, source));
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.StartsWith("Demo.Net"));
        AssertBystanderWritten(run);
    }

    /// <summary>Values past the limits (README, Diagnostics) are refused before anything is planned, on the argument.</summary>
    [Theory]
    [InlineData("[ResNet(Block.Basic, 1000000, 1)]", "1000000", "The number of units up to stage 1 is 1,000,000; the generator supports at most 2,000")]
    [InlineData("[ResNet(Block.Basic, 1500, 600)]", "600", "The number of units up to stage 2 is 2,100")]
    [InlineData("[ResNet(Block.Basic, 2, 2, InputSize = 1000000)]", "1000000", "InputSize is 1,000,000; the generator supports at most 16,384")]
    [InlineData("[ResNet(Block.Basic, 2, 2, Classes = int.MaxValue)]", "int.MaxValue", "Classes is 2,147,483,647")]
    [InlineData("[ResNet(Block.Basic, 2, 2, Widths = new[] { 64, 2000000 })]", "2000000", "The width of stage 2 is 2,000,000")]
    [InlineData("[ResNet(Block.Bottleneck, 2, 2, Cardinality = 1000000)]", "1000000", "The bottleneck width of stage 1 (64 planes × BaseWidth 64 / 64 × Cardinality 1000000) is 64,000,000")]
    [InlineData("[RegNet(3000, Widths = new[] { 8 })]", "3000", "The number of units up to stage 1 is 3,000")]
    [InlineData("[MobileNetV2] [MBConvStage(1, 3, 1, 16, 1000000)]", "1000000", "The number of units up to stage 1 is 1,000,000")]
    [InlineData("[EfficientNet] [MBConvStage(1, 3, 1, 16, 1)] [MBConvStage(100000, 3, 1, 32, 2)]", "100000", "Stage 2's expanded width (32 × 100000) is 3,200,000")]
    [InlineData("[MobileNetV3] [InvertedResidual(3, 2000000, 16, 1)]", "2000000", "Unit 1 expanded is 2,000,000")]
    [InlineData("[CustomBlock(Channels = 5000000)]", "5000000", "Channels is 5,000,000")]
    public void ValuesPastTheLimitsAreRefusedOnTheArgument(string attributes, string located, string message)
    {
        string source = Usings + attributes + " public partial class Net { private partial TorchSharp.torch.Tensor Branch(TorchSharp.torch.Tensor x) => x; }" + Bystander;
        var (run, diagnostics, _) = Check(source);
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Equal("ARCH025", d.Id);
        Assert.Equal(located, GeneratorHarness.LocatedText(d, source));
        Assert.StartsWith(message, d.GetMessage());
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.StartsWith("Demo.Net"));
        AssertBystanderWritten(run);
    }

    /// <summary>Within the limits the counts can still pass long: a located ARCH027, never a wrapped constant.</summary>
    [Theory]
    [InlineData("[ResNet(Block.Bottleneck, 2000, Widths = new[] { 1048576 }, InputSize = 16384)]", "1048576")]
    [InlineData("[ResNet(Block.Basic, 1000, 1000, Widths = new[] { 1048576, 1048576 }, InputSize = 16000)]", "1048576")]
    [InlineData("[RegNet(1000, Widths = new[] { 1048576 }, GroupWidth = 1, InputSize = 16384)]", "1048576")]
    public void CountsPastLongAreALocatedDiagnostic(string attributes, string located)
    {
        string source = Usings + attributes + " public partial class Net;" + Bystander;
        var (run, diagnostics, _) = Check(source);
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Equal("ARCH027", d.Id);
        Assert.Equal(located, GeneratorHarness.LocatedText(d, source));
        Assert.Contains("does not fit in a long", d.GetMessage());
        AssertBystanderWritten(run);
    }

    /// <summary>A variant that is not generated (not partial, nested, generic, clashing) stops the networks using it.</summary>
    [Theory]
    [InlineData("[Excitation] public class V;", "typeof(V)")]
    [InlineData("public static partial class Outer { [Excitation] public partial class V; }", "typeof(Outer.V)")]
    [InlineData("[Excitation] public partial class V<T>;", "typeof(V<int>)")]
    [InlineData("[Excitation] public partial record V;", "typeof(V)")]
    [InlineData("[Excitation] public partial class V { public static long HiddenChannels(long r) => r; }", "typeof(V)")]
    [InlineData("[Excitation] [CustomBlock(Channels = 4)] public partial class V;", "typeof(V)")]
    public void ANetworkUsingAVariantThatIsNotGeneratedIsStoppedOnItsVariantArgument(string variant, string reference)
    {
        string source = Usings + variant + $"\n[ResNet(Block.Basic, 1, 1)] [SEBlock(Variant = {reference})] public partial class Net;" + Bystander;
        var (run, diagnostics, _) = Check(source);
        Diagnostic d = Assert.Single(diagnostics, d => d.Location.SourceSpan.Start > source.IndexOf("[ResNet"));
        Assert.Equal("ARCH050", d.Id);
        Assert.Equal(reference, GeneratorHarness.LocatedText(d, source));
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.StartsWith("Demo.Net"));
        AssertBystanderWritten(run);
    }

    /// <summary>Architectures named like the types the generated code uses are written and compile.</summary>
    [Fact]
    public void ClassesNamedLikeGeneratedReferencesAreGenerated()
    {
        const string source = Usings + """
            [ResNet(Block.Basic, 1, 1, Widths = new[] { 8, 16 })] [SEBlock(Variant = typeof(SqueezeExcitation))] public partial class Layers;
            [Excitation(Reduction = 4)] public partial class SqueezeExcitation;
            [RegNet(1, Widths = new[] { 8 })] public partial class Tensor;
            [CustomBlock(Channels = 4)] [SEBlock(Reduction = 2)] public partial class Module { private partial global::TorchSharp.torch.Tensor Branch(global::TorchSharp.torch.Tensor x) => x; }
            """;
        var (run, diagnostics, compilation) = Check(source);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.DoesNotContain(compilation, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(7, run.GeneratedSources.Length);
    }
}
