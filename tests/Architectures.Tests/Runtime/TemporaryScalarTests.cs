using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Architectures.Tests.Runtime;

/// <summary>
/// TorchSharp passes a <c>Scalar</c>'s native handle to LibTorch without keeping the object alive, so a temporary one
/// can be finalised by a collection on another thread while LibTorch reads it (<c>SafeBatchNorm2d</c> explains). The
/// library's own calls therefore hold every scalar they pass; this test reads the library's source with Roslyn and
/// lists each call that would make a temporary one, by the rules of ARCH055 (<c>TemporaryScalars</c>).
/// </summary>
public class TemporaryScalarTests
{
    private static readonly string[] Projects =
        { "Architectures", "Architectures.Onnx", "Architectures.Interop", "Architectures.Imaging", "Architectures.CommandLine" };

    [Fact]
    public void TheLibraryNeverHandsTorchSharpATemporaryScalar()
    {
        var scans = Projects.Select(Scan).ToList();
        // A scan that cannot bind TorchSharp would find nothing: the core library makes over a hundred tensor calls (144 when written).
        Assert.True(scans[0].TensorCalls > 100, $"only {scans[0].TensorCalls} TorchSharp tensor calls bound in src/Architectures");
        var findings = scans.SelectMany(s => s.Findings).ToList();
        Assert.True(findings.Count == 0, "temporary Scalars passed to TorchSharp:\n" + string.Join("\n", findings));
    }

    /// <summary>The code the generator writes for every Zoo declaration (networks, variants, a custom block).</summary>
    [Fact]
    public void GeneratedCodeNeverHandsTorchSharpATemporaryScalar()
    {
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var declarations = SourceFiles(Path.Combine(RepoRoot, "examples", "Architectures.Zoo"))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), options, path: f)).ToList();
        var compilation = Compilation("Zoo", declarations, exclude: "Architectures.Zoo.dll");
        CSharpGeneratorDriver.Create(new[] { new Architectures.Generators.ArchitectureGenerator().AsSourceGenerator() }, parseOptions: options)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        var generated = output.SyntaxTrees.Except(declarations).ToList();
        Assert.True(generated.Count > 50, $"only {generated.Count} generated files");
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        Assert.True(errors.Count == 0, "the Zoo does not compile for the scan:\n" + string.Join("\n", errors));
        var findings = generated.SelectMany(t => Findings((CSharpCompilation)output, t))
            .Select(f => $"{Path.GetFileName(f.Path)}:{f.Line}: {f.Why}: {f.Code}").ToList();
        Assert.True(findings.Count == 0, "temporary Scalars in generated code:\n" + string.Join("\n", findings));
    }

    [Fact]
    public void TheScanFindsEachKindOfTemporary()
    {
        const string source = """
            using TorchSharp;
            using static TorchSharp.torch;
            static class Sample
            {
                static void Run(Tensor a, Tensor b, Scalar held)
                {
                    a.add_(b);                 // TorchSharp makes alpha = 1 itself
                    a.mul_(2.0);               // 2.0 becomes a Scalar at the call
                    a.add_(b, 0.5.ToScalar()); // a Scalar nobody holds
                    var c = a + 1;             // the operator converts inside TorchSharp
                    var d = a + b;             // operator + is add(b), alpha = 1
                    a.add_(b, held);           // fine
                    using var s = 3.0.ToScalar();
                    a.mul_(s);                 // fine
                }
            }
            """;
        var tree = CSharpSyntaxTree.ParseText(source, path: "Sample.cs");
        var findings = Findings(Compilation("Sample", new[] { tree }, exclude: null), tree).ToList();
        Assert.Equal(new[] { 7, 8, 9, 10, 11 }, findings.Select(f => f.Line).ToArray());
    }

    private static (int TensorCalls, List<string> Findings) Scan(string project)
    {
        var trees = SourceFiles(Path.Combine(RepoRoot, "src", project))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Preview), path: f))
            .ToList();
        Assert.NotEmpty(trees);
        // The project's own assembly stays referenced for code generated at build time (the ONNX protobuf classes);
        // its source types take precedence over the metadata ones (CS0436, a warning).
        var compilation = Compilation(project, trees, exclude: null);
        // The scan needs the library to bind: a compile error would hide calls from it.
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        Assert.True(errors.Count == 0, $"src/{project} does not compile for the scan:\n" + string.Join("\n", errors));
        int tensorCalls = trees.Sum(t =>
        {
            SemanticModel model = compilation.GetSemanticModel(t);
            return t.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Count(i => model.GetSymbolInfo(i).Symbol is IMethodSymbol m && IsTensor(m.ContainingType));
        });
        return (tensorCalls, trees.SelectMany(t => Findings(compilation, t))
            .Select(f => $"{Path.GetRelativePath(RepoRoot, f.Path)}:{f.Line}: {f.Why}: {f.Code}").ToList());
    }

    /// <summary>A project's C# files; buildTransitive/ holds an MSBuild inline task, compiled by MSBuild, not into the library.</summary>
    private static IEnumerable<string> SourceFiles(string folder)
    {
        string separator = Path.DirectorySeparatorChar.ToString();
        return Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !new[] { "obj", "bin", "buildTransitive" }.Any(d => f.Contains(separator + d + separator)));
    }

    private static CSharpCompilation Compilation(string name, IEnumerable<SyntaxTree> trees, string? exclude)
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
            .Where(p => exclude is null || !Path.GetFileName(p).Equals(exclude, StringComparison.OrdinalIgnoreCase))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).Select(g => g.First());
        return CSharpCompilation.Create(name, trees, paths.Select(p => MetadataReference.CreateFromFile(p)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
    }

    private sealed record Finding(string Path, int Line, string Why, string Code);

    private static IEnumerable<Finding> Findings(CSharpCompilation compilation, SyntaxTree tree)
    {
        SemanticModel model = compilation.GetSemanticModel(tree);
        foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
        {
            // The rules ARCH055 applies to users' custom blocks.
            if (Architectures.Generators.Analysis.TemporaryScalars.Find(node, model) is not { } why) continue;
            var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            yield return new Finding(tree.FilePath, line, why, node.ToString());
        }
    }

    private static bool IsTensor(ITypeSymbol? type) => type?.ToDisplayString() == "TorchSharp.torch.Tensor";

    private static string RepoRoot => typeof(TemporaryScalarTests).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
}
