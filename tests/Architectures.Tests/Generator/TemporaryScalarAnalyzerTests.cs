using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Architectures.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Architectures.Tests.Generator;

/// <summary>ARCH055 in a user's custom block, verified with Roslyn's analyzer test framework.</summary>
public class TemporaryScalarAnalyzerTests
{
    private sealed class Test : CSharpAnalyzerTest<TemporaryScalarAnalyzer, DefaultVerifier>
    {
        public Test(string source)
        {
            TestCode = source;
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            TestState.AdditionalReferences.AddRange(GeneratorHarness.References.Value);
            // Branch's defining half is generated code, absent here: only the analyzer's diagnostics are compared.
            CompilerDiagnostics = CompilerDiagnostics.None;
        }

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Preview);
    }

    private const string Header = """
        using Architectures;
        using Architectures.Modules;
        using TorchSharp;
        using static TorchSharp.torch;
        namespace Demo;

        """;

    [Fact]
    public Task FlagsEachTemporaryInACustomBlock() =>
        new Test(Header + """
            [CustomBlock(Channels = 8)]
            public partial class Blk
            {
                private readonly Tensor bias = zeros(1, 8, 1, 1);

                private partial Tensor Branch(Tensor x)
                {
                    var a = {|ARCH055:x + bias|};
                    var b = {|ARCH055:a.add_(bias)|};
                    var c = b.mul_({|ARCH055:0.5|});
                    var d = c.add_(bias, HeldScalars.One);
                    using var half = 0.5.ToScalar();
                    var e = {|ARCH055:d.square()|};
                    var f = {|ARCH055:torch.add(e, bias)|};
                    f = {|ARCH055:f += bias|};
                    var mask = {|ARCH055:f > 0.5|};
                    using var leaky = {|ARCH055:nn.LeakyReLU(0.1)|};
                    using var norm = {|ARCH055:nn.BatchNorm1d(8)|};
                    return d.mul_(half) * bias;
                }
            }
            """).RunAsync();

    [Fact]
    public Task LeavesOtherClassesAlone() =>
        new Test(Header + """
            public class NotABlock
            {
                public Tensor Sum(Tensor x, Tensor y) => x + y;
            }
            """).RunAsync();

    [Fact]
    public Task AnalysesAllCodeWhenTheProjectAsks()
    {
        var test = new Test(Header + """
            public class TrainingLoop
            {
                public Tensor Sum(Tensor x, Tensor y) => {|ARCH055:x + y|};
            }
            """);
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.ArchitecturesScalarAnalysis = all\n"));
        return test.RunAsync();
    }

    [Fact]
    public async Task TheMessageSaysWhatToPass()
    {
        var test = new Test(Header + """
            [CustomBlock(Channels = 8)]
            public partial class Blk
            {
                private partial Tensor Branch(Tensor x) => {|#0:x + x|};
            }
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Architectures.Generators.Diagnostics.DiagnosticDescriptors.TemporaryScalar).WithLocation(0)
            .WithArguments("Blk", "TorchSharp's operator + on Tensor and Tensor makes a temporary scalar"));
        await test.RunAsync();
    }
}
