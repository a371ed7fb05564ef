using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Architectures.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Architectures.Tests.Generator;

/// <summary>
/// The lightbulb fixes, applied in a workspace to the diagnostic the generator reports; the fixed source is generated
/// again and must then be clean.
/// </summary>
public class CodeFixTests
{
    private const string Usings = "using Architectures;\nnamespace Demo;\n";

    private static async Task<(string Title, string Fixed)> Apply(CodeFixProvider provider, string source, string id)
    {
        Diagnostic diagnostic = GeneratorHarness.GeneratorDiagnostics(source).Single(d => d.Id == id);
        using var workspace = new AdhocWorkspace();
        Project project = workspace.AddProject("Declarations", LanguageNames.CSharp);
        Document document = workspace.AddDocument(project.Id, "Declarations0.cs", SourceText.From(source));
        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        CodeAction fix = Assert.Single(actions);
        var operations = await fix.GetOperationsAsync(CancellationToken.None);
        Solution changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return (fix.Title, (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString());
    }

    [Theory]
    [InlineData("[ResNet(Block.Basic, 2, 2)] public class Net;", "[ResNet(Block.Basic, 2, 2)] public partial class Net;")]
    [InlineData("[ResNet(Block.Basic, 2, 2)]\nclass Net;", "[ResNet(Block.Basic, 2, 2)]\npartial class Net;")]
    [InlineData("[Excitation] internal sealed class Net;", "[Excitation] internal sealed partial class Net;")]
    public async Task ARCH001_MakesTheClassPartial(string declaration, string expected)
    {
        var (title, fixedSource) = await Apply(new MakePartialCodeFix(), Usings + declaration, "ARCH001");
        Assert.Equal("Make 'Net' partial", title);
        Assert.Equal(Usings + expected, fixedSource);
        Assert.Empty(GeneratorHarness.GeneratorDiagnostics(fixedSource));
    }

    [Theory]
    [InlineData("[ExpectParameters(28_088_024)]", "ARCH040", "[ExpectParameters(30_603_912)]")]
    [InlineData("[ExpectParameters(28088024)]", "ARCH040", "[ExpectParameters(30603912)]")]
    // 4,105,252,864: the generator's count for SE-ResNet-50 with r = 8 (r = 16: 4,102,737,920); the re-run below must be clean.
    [InlineData("[ExpectMultiplyAdds(1)]", "ARCH041", "[ExpectMultiplyAdds(4105252864)]")]
    public async Task ARCH040_ARCH041_ReplaceTheExpectationWithTheCount(string expectation, string id, string expected)
    {
        const string network = "[ResNet(Block.Bottleneck, 3, 4, 6, 3)] [SEBlock(Reduction = 8)] ";
        var (title, fixedSource) = await Apply(new ExpectedCountCodeFix(), Usings + network + expectation + " public partial class Net;", id);
        Assert.StartsWith("Expect the counted ", title);
        Assert.Equal(Usings + network + expected + " public partial class Net;", fixedSource);
        Assert.Empty(GeneratorHarness.GeneratorDiagnostics(fixedSource));
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
