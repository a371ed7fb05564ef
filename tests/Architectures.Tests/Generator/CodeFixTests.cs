using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Architectures.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Architectures.Tests.Generator;

/// <summary>
/// The lightbulb fixes, verified with Roslyn's code-fix test framework: the generator's diagnostics reach it through
/// <see cref="GeneratorDiagnosticsAnalyzer"/>; the framework checks the marked diagnostics, applies the fix (one by one
/// and as fix-all), compares with the fixed code and checks that the fixed code has no diagnostic left.
/// </summary>
public class CodeFixTests
{
    private const string Usings = "using Architectures;\nnamespace Demo;\n";

    /// <summary>A code-fix test over the running framework, Architectures and TorchSharp, with nothing to download.</summary>
    private sealed class Test<TCodeFix> : CSharpCodeFixTest<GeneratorDiagnosticsAnalyzer, TCodeFix, DefaultVerifier>
        where TCodeFix : CodeFixProvider, new()
    {
        /// <param name="titles">The titles the applied fixes may have (one per fixed declaration).</param>
        public Test(string source, string fixedSource, params string[] titles)
        {
            // Sources get the usings and namespace unless they bring their own (a fix that adds a using).
            TestCode = source.StartsWith("using ", StringComparison.Ordinal) ? source : Usings + source;
            FixedCode = fixedSource.StartsWith("using ", StringComparison.Ordinal) ? fixedSource : Usings + fixedSource;
            // No reference package (CI reaches only the NuGet mirror): the running framework's assemblies are the references.
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            TestState.AdditionalReferences.AddRange(GeneratorHarness.References.Value);
            CodeActionVerifier = (action, verifier) =>
                verifier.True(titles.Contains(action.Title), $"unexpected fix title '{action.Title}', expected one of: {string.Join(", ", titles)}");
        }

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Preview);
    }

    [Theory]
    [InlineData("[ResNet(Block.Basic, 2, 2)] public class {|ARCH001:Net|};", "[ResNet(Block.Basic, 2, 2)] public partial class Net;")]
    [InlineData("[ResNet(Block.Basic, 2, 2)]\nclass {|ARCH001:Net|};", "[ResNet(Block.Basic, 2, 2)]\npartial class Net;")]
    // Indentation is the keyword's leading trivia: it moves to 'partial' (not doubled, not lost).
    [InlineData("[ResNet(Block.Basic, 2, 2)]\n    class {|ARCH001:Net|};", "[ResNet(Block.Basic, 2, 2)]\n    partial class Net;")]
    [InlineData("[Excitation] internal sealed class {|ARCH001:Net|};", "[Excitation] internal sealed partial class Net;")]
    public Task ARCH001_MakesTheClassPartial(string declaration, string expected) =>
        new Test<MakePartialCodeFix>(declaration, expected, "Make 'Net' partial").RunAsync();

    [Fact]
    public Task ARCH001_FixAllMakesEveryClassPartial() =>
        new Test<MakePartialCodeFix>(
            "[ResNet(Block.Basic, 2, 2)] public class {|ARCH001:First|};\n[Excitation] class {|ARCH001:Second|};",
            "[ResNet(Block.Basic, 2, 2)] public partial class First;\n[Excitation] partial class Second;",
            "Make 'First' partial", "Make 'Second' partial").RunAsync();

    private const string SEResNet50 = "[ResNet(Block.Bottleneck, 3, 4, 6, 3)] [SEBlock(Reduction = 8)] ";

    [Theory]
    [InlineData("[ExpectParameters({|ARCH040:28_088_024|})]", "[ExpectParameters(30_603_912)]", "30_603_912")]
    [InlineData("[ExpectParameters({|ARCH040:28088024|})]", "[ExpectParameters(30603912)]", "30603912")]
    // 4,105,252,864: the generator's count for SE-ResNet-50 with r = 8 (r = 16: 4,102,737,920).
    [InlineData("[ExpectMultiplyAdds({|ARCH041:1|})]", "[ExpectMultiplyAdds(4105252864)]", "4105252864")]
    public Task ARCH040_ARCH041_ReplaceTheExpectationWithTheCount(string expectation, string expected, string literal) =>
        new Test<ExpectedCountCodeFix>(SEResNet50 + expectation + " public partial class Net;",
            SEResNet50 + expected + " public partial class Net;", "Expect the counted " + literal)
        .RunAsync();

    [Fact]
    public Task ARCH040_ARCH041_FixAllCorrectsBothExpectations() =>
        new Test<ExpectedCountCodeFix>(
            SEResNet50 + "[ExpectParameters({|ARCH040:1|})] [ExpectMultiplyAdds({|ARCH041:1|})] public partial class Net;",
            SEResNet50 + "[ExpectParameters(30603912)] [ExpectMultiplyAdds(4105252864)] public partial class Net;",
            "Expect the counted 30603912", "Expect the counted 4105252864")
        {
            // The fix's equivalence key is per ID, so fix-all corrects the ARCH040s in one pass and the ARCH041s in the next.
            NumberOfFixAllIterations = 2,
        }.RunAsync();

    /// <summary>The expectation need not be a literal: the whole expression is replaced (not just 'MinValue').
    /// 812,072: the generator's parameter count for [ResNet(Block.Basic, 2, 2)].</summary>
    [Fact]
    public Task ARCH040_ReplacesAnExpressionExpectation() =>
        new Test<ExpectedCountCodeFix>(
            "[ResNet(Block.Basic, 2, 2)] [ExpectParameters({|ARCH040:long.MinValue|})] public partial class Net;",
            "[ResNet(Block.Basic, 2, 2)] [ExpectParameters(812072)] public partial class Net;",
            "Expect the counted 812072")
            .RunAsync();

    private const string Branch = " private partial TorchSharp.torch.Tensor Branch(TorchSharp.torch.Tensor x) => x; }";

    /// <summary>ARCH054: the member's type and a BatchNorm2d(…) initializer become SafeBatchNorm2d, and the using is added.</summary>
    [Theory]
    [InlineData("private readonly TorchSharp.Modules.BatchNorm2d {|ARCH054:bn1|} = TorchSharp.torch.nn.BatchNorm2d(8, eps: 1e-3);",
                "private readonly SafeBatchNorm2d bn1 = new SafeBatchNorm2d(8, eps: 1e-3);")]
    [InlineData("private TorchSharp.Modules.BatchNorm2d {|ARCH054:Norm|} { get; } = TorchSharp.torch.nn.BatchNorm2d(num_features: 8);",
                "private SafeBatchNorm2d Norm { get; } = new SafeBatchNorm2d(num_features: 8);")]
    // Assignments elsewhere in the class change with the member's type.
    [InlineData("private TorchSharp.Modules.BatchNorm2d {|ARCH054:bn1|} = TorchSharp.torch.nn.BatchNorm2d(8); private void Reset() { this.bn1 = TorchSharp.torch.nn.BatchNorm2d(8, momentum: 0.01); }",
                "private SafeBatchNorm2d bn1 = new SafeBatchNorm2d(8); private void Reset() { this.bn1 = new SafeBatchNorm2d(8, momentum: 0.01); }")]
    public async Task ARCH054_UsesSafeBatchNorm(string member, string expected)
    {
        string fixedCode = "using Architectures;\nusing Architectures.Modules;\nnamespace Demo;\n[CustomBlock(Channels = 8)] public partial class Blk { " + expected + Branch;
        await new Test<UseSafeBatchNormCodeFix>("[CustomBlock(Channels = 8)] public partial class Blk { " + member + Branch, fixedCode, "Use SafeBatchNorm2d")
        {
            // Branch's defining half is generated code, which the framework's compilation lacks (the generator runs only
            // in the adapter), so its CS0759 is not checked here; the compile with the generator follows.
            CompilerDiagnostics = CompilerDiagnostics.None,
        }.RunAsync();
        var (run, diagnostics) = GeneratorHarness.Run(fixedCode);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    /// <summary>The adapter reports what the generator reports: IDs, severities, spans in the document, messages, properties.</summary>
    [Fact]
    public async Task TheAdapterReportsTheGeneratorsDiagnosticsUnchanged()
    {
        string source = Usings + SEResNet50 + "[ExpectParameters(1)] [ExpectMultiplyAdds(2)] public partial class Net;\n"
            + "[Excitation] public class Loose;\n[SEBlock] public partial class Orphan;";
        IReadOnlyList<Diagnostic> generated = GeneratorHarness.GeneratorDiagnostics(source);
        var reported = (await GeneratorHarness.Compile(source)
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new GeneratorDiagnosticsAnalyzer()))
                .GetAnalyzerDiagnosticsAsync())
            .OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(new[] { "ARCH040", "ARCH041", "ARCH001", "ARCH004" }, generated.Select(d => d.Id));
        Assert.Equal(generated.Count, reported.Count);
        foreach (var (expected, actual) in generated.Zip(reported))
        {
            Assert.Equal((expected.Id, expected.Severity, expected.GetMessage(), expected.Location.SourceSpan),
                (actual.Id, actual.Severity, actual.GetMessage(), actual.Location.SourceSpan));
            Assert.Equal(expected.Properties.OrderBy(p => p.Key), actual.Properties.OrderBy(p => p.Key));
            Assert.Equal("Declarations0.cs", actual.Location.SourceTree?.FilePath); // in the document, not an external file
        }
    }

    [Fact]
    public void AnExpectationAtTheEdgeOfLongIsADiagnosticNotACrash()
    {
        var diagnostics = GeneratorHarness.GeneratorDiagnostics(Usings + "[ResNet(Block.Basic, 2, 2)] [ExpectParameters(long.MinValue)] public partial class Net;");
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Equal("ARCH040", d.Id);
        Assert.Contains("difference +9,223,372,036,85", d.GetMessage());
    }
}
