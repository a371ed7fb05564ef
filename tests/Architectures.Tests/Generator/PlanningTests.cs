using System;
using System.Collections.Generic;
using System.Linq;
using Architectures.Generators.Counting;
using Architectures.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Architectures.Tests.Generator;

/// <summary>
/// Each declared network is planned once per generator run, in its parse step; its module, its report and the catalog
/// are printed from that plan (issue 10 §1). Counted through <see cref="NetworkPlan"/>'s Created hook, which every
/// counter's plan passes through.
/// </summary>
public class PlanningTests
{
    // A namespace of its own: other tests run the generator in parallel and raise the same (static) hook.
    private const string Namespace = "PlannedOnce";

    // One family per file, none shaped like a torchvision model (that would plan the model's preset too, for ARCH035).
    private static readonly (string Name, string Source)[] Declarations =
    {
        ("Res", "[ResNet(Block.Bottleneck, 1, 1, Widths = new[] { 8, 16 })] [SEBlock(Reduction = 4)] public partial class Res;"),
        ("V3", "[MobileNetV3] [SEBlock(Reduction = 4, Divisor = 8)] [InvertedResidual(3, 16, 16, 2, SE = true)] public partial class V3;"),
        ("V2", "[MobileNetV2] [MBConvStage(1, 3, 1, 16, 1)] public partial class V2;"),
        ("Eff", "[EfficientNet] [SEBlock(Reduction = 4, Reference = ReferenceWidth.BlockInput)] [MBConvStage(1, 3, 1, 16, 2)] public partial class Eff;"),
        ("Reg", "[RegNet(1, 1, Widths = new[] { 8, 16 })] [SEBlock(Reduction = 4)] public partial class Reg;"),
    };

    private static string Source(string declaration) => $"using Architectures;\nnamespace {Namespace};\n{declaration}\n";

    /// <summary>Counts the plans built for this test's classes while it is alive.</summary>
    private sealed class PlanCounter : IDisposable
    {
        private readonly Dictionary<string, int> _counts = new();

        public PlanCounter() => NetworkPlan.Created += Count;

        private void Count(ArchitectureModel model)
        {
            if (model.Namespace != Namespace) return;
            lock (_counts) _counts[model.ClassName] = _counts.TryGetValue(model.ClassName, out int n) ? n + 1 : 1;
        }

        /// <summary>The plans built per class since the last call, every declared class listed (0 when not planned).</summary>
        public Dictionary<string, int> Take()
        {
            lock (_counts)
            {
                var taken = Declarations.ToDictionary(d => d.Name, d => _counts.TryGetValue(d.Name, out int n) ? n : 0);
                _counts.Clear();
                return taken;
            }
        }

        public void Dispose() => NetworkPlan.Created -= Count;
    }

    private static Dictionary<string, int> Each(int count) => Declarations.ToDictionary(d => d.Name, _ => count);

    [Fact]
    public void EachNetworkIsPlannedOncePerRunAndPrintedFromThatPlan()
    {
        using var counter = new PlanCounter();
        CSharpCompilation compilation = GeneratorHarness.Compile(Declarations.Select(d => Source(d.Source)).ToArray());
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        // Parsed, checked, emitted (module and report) and listed in the catalog: one plan each.
        Assert.Equal(Each(1), counter.Take());
        GeneratorRunResult run = driver.GetRunResult().Results.Single();
        Assert.Empty(run.Diagnostics);
        var hints = run.GeneratedSources.Select(s => s.HintName).ToList();
        foreach (var (name, _) in Declarations)
        {
            Assert.Contains($"{Namespace}.{name}.g.cs", hints);
            Assert.Contains($"{Namespace}.{name}.Report.g.cs", hints);
        }
        string catalog = run.GeneratedSources.Single(s => s.HintName == "ArchitectureBuildReport.g.cs").SourceText.ToString();
        Assert.All(Declarations, d => Assert.Contains($"global::{Namespace}.{d.Name}.Info,", catalog));

        // ForAttributeWithMetadataName runs every parse step again on a new compilation (the semantic model changed),
        // so each declaration is planned again, once; what follows the parse compares by value and stays cached.
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText($"namespace {Namespace}; public class Other {{ }}", GeneratorHarness.ParseOptions, path: "Other.cs")));
        Assert.Equal(Each(1), counter.Take());
        Assert.All(driver.GetRunResult().Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));

        // An edit to one declaration: its module, report and the catalog are written again, from the one plan.
        SyntaxTree edited = compilation.SyntaxTrees.First();
        string changed = Source(Declarations[0].Source.Replace("Reduction = 4", "Reduction = 2"));
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(edited,
            CSharpSyntaxTree.ParseText(changed, GeneratorHarness.ParseOptions, path: edited.FilePath)));
        Assert.Equal(Each(1), counter.Take());
        GeneratorRunResult rerun = driver.GetRunResult().Results.Single();
        string Text(GeneratorRunResult r, string hint) => r.GeneratedSources.Single(s => s.HintName == hint).SourceText.ToString();
        Assert.NotEqual(Text(run, $"{Namespace}.Res.g.cs"), Text(rerun, $"{Namespace}.Res.g.cs"));
        Assert.NotEqual(Text(run, $"{Namespace}.Res.Report.g.cs"), Text(rerun, $"{Namespace}.Res.Report.g.cs"));
        Assert.NotEqual(catalog, Text(rerun, "ArchitectureBuildReport.g.cs"));
    }
}
