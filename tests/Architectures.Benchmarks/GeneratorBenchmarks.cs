using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Architectures.Generators;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Architectures.Benchmarks;

/// <summary>
/// The source generator itself: <see cref="ArchitectureGenerator"/> driven by a <see cref="CSharpGeneratorDriver"/>
/// over an in-memory compilation (one file per architecture, referencing the Architectures assembly).
/// <c>Generate</c>: a fresh driver and a fresh compilation (cold: parse-free, everything else included).
/// <c>RerunAfterUnrelatedEdit</c>: the warm driver after an edit of a file without architectures; the set-up checks
/// that every model step reports Cached or Unchanged.
/// </summary>
public class GeneratorBenchmarks
{
    private static readonly string[] Declarations =
    {
        "[ResNet(Block.Bottleneck, 3, 4, 6, 3)]\n[SEBlock(Reduction = 16)]",
        "[ResNet(Block.Basic, 2, 2, 2, 2)]\n[SEBlock(Reduction = 16, Placement = SEPlacement.Pre)]",
        "[ResNet(Block.Bottleneck, 3, 4, 23, 3, Cardinality = 32, BaseWidth = 4)]\n[SEBlock(Reduction = 16, Squeeze = Squeeze.Max, Stages = new[] { 3, 4 })]",
        "[ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]\n[SEBlock(Reduction = 4)]",
        "[ResNet(Block.Bottleneck, 3, 4, 6, 3, StrideOn = StrideOn.FirstConv1x1)]",
    };

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);
    private static ImmutableArray<MetadataReference>? references;

    private ImmutableArray<SyntaxTree> trees;
    private SyntaxTree unrelated = null!;
    private SyntaxTree unrelatedEdited = null!;
    private CSharpCompilation compilation = null!;
    private GeneratorDriver warmDriver = null!;

    public static IEnumerable<int> Counts => new[] { 1, 10, 100 };

    [ParamsSource(nameof(Counts))]
    public int Architectures { get; set; }

    private static ImmutableArray<MetadataReference> References()
    {
        if (references is { } cached) return cached;
        string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        var paths = tpa.Split(Path.PathSeparator).Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) ||
                                                             Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(ResNetAttribute).Assembly.Location)
            .Append(typeof(TorchSharp.torch).Assembly.Location)
            .Distinct();
        references = paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
        return references.Value;
    }

    private static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, ParseOptions, path);

    private static CSharpCompilation Compile(IEnumerable<SyntaxTree> sources) =>
        CSharpCompilation.Create("GeneratorBenchmark", sources, References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static GeneratorDriver NewDriver(bool track) =>
        CSharpGeneratorDriver.Create(new[] { new ArchitectureGenerator().AsSourceGenerator() }, parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkSettings.Apply();
        var sources = new List<SyntaxTree>();
        for (int i = 0; i < Architectures; i++)
        {
            sources.Add(Parse($"using Architectures;\n\nnamespace Bench;\n\n{Declarations[i % Declarations.Length]}\npublic partial class Net{i};\n", $"Net{i}.cs"));
        }
        unrelated = Parse("namespace Bench;\n\npublic static class Unrelated\n{\n    public static int Value() => 1;\n}\n", "Unrelated.cs");
        unrelatedEdited = Parse("namespace Bench;\n\npublic static class Unrelated\n{\n    public static int Value() => 2;\n}\n", "Unrelated.cs");
        sources.Add(unrelated);
        trees = sources.ToImmutableArray();
        compilation = Compile(trees);

        // Correctness: every architecture is generated (module + report, one catalog), without errors.
        GeneratorDriverRunResult first = NewDriver(track: false).RunGenerators(compilation).GetRunResult();
        int expected = 2 * Architectures + 1;
        if (first.GeneratedTrees.Length != expected || first.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            throw new InvalidOperationException($"expected {expected} generated files without errors, got {first.GeneratedTrees.Length}: " +
                string.Join("; ", first.Diagnostics.Take(3)));

        // The edit leaves every model step cached.
        GeneratorDriver tracking = NewDriver(track: true).RunGenerators(compilation);
        GeneratorRunResult rerun = tracking.RunGenerators(compilation.ReplaceSyntaxTree(unrelated, unrelatedEdited)).GetRunResult().Results[0];
        foreach (string step in new[] { TrackingNames.Parsed(TrackingNames.ResNets), TrackingNames.Models(TrackingNames.ResNets), TrackingNames.Catalog })
        {
            if (!rerun.TrackedSteps.TryGetValue(step, out var runs))
                throw new InvalidOperationException($"step {step} was not tracked");
            var reasons = runs.SelectMany(r => r.Outputs).Select(o => o.Reason).ToList();
            if (reasons.Count == 0 || reasons.Any(r => r is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)))
                throw new InvalidOperationException($"step {step} re-ran after an unrelated edit: {string.Join(", ", reasons)}");
        }
        var outputs = rerun.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs).Select(o => o.Reason).ToList();
        if (outputs.Any(r => r is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)))
            throw new InvalidOperationException($"source outputs re-ran after an unrelated edit: {string.Join(", ", outputs.Distinct())}");

        warmDriver = NewDriver(track: false).RunGenerators(compilation);
    }

    [Benchmark]
    public int Generate() => NewDriver(track: false).RunGenerators(Compile(trees)).GetRunResult().GeneratedTrees.Length;

    [Benchmark]
    public int RerunAfterUnrelatedEdit() =>
        warmDriver.RunGenerators(compilation.ReplaceSyntaxTree(unrelated, unrelatedEdited)).GetRunResult().GeneratedTrees.Length;
}
