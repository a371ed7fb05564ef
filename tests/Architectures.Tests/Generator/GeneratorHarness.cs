using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Architectures.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Architectures.Tests.Generator;

/// <summary>Runs the generator over in-memory sources, referencing the running framework, Architectures and TorchSharp.</summary>
internal static class GeneratorHarness
{
    /// <summary>The running framework, Architectures and TorchSharp: what every in-memory compilation of declarations
    /// references (the Roslyn test frameworks' test states too: nothing to download).</summary>
    public static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(typeof(ResNetAttribute).Assembly.Location);
        paths.Add(typeof(TorchSharp.torch).Assembly.Location);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create("Declarations",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Declarations{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new ArchitectureGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once; returns its result and the diagnostics of the compilation with generated code.</summary>
    public static (GeneratorDriverRunResult Result, ImmutableArray<Diagnostic> CompilationDiagnostics) Run(params string[] sources)
    {
        CSharpCompilation compilation = Compile(sources);
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        return (driver.GetRunResult(), output.GetDiagnostics());
    }

    /// <summary>Generates, compiles and loads the declarations: their modules can then be built and run.</summary>
    public static System.Reflection.Assembly Load(params string[] sources)
    {
        CSharpCompilation compilation = Compile(sources);
        CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        if (!emitted.Success)
            throw new InvalidOperationException(string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return System.Reflection.Assembly.Load(image.ToArray());
    }

    public static IReadOnlyList<Diagnostic> GeneratorDiagnostics(params string[] sources) =>
        Run(sources).Result.Diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();

    /// <summary>The source text a diagnostic points at. The generator reports external-file locations
    /// (no syntax tree is kept in its models), so the text is cut from the source that was compiled.</summary>
    public static string LocatedText(Diagnostic diagnostic, string source) =>
        source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
}
