using System.Linq;
using Architectures.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Architectures.Tests.Generator;

/// <summary>The pipeline's models compare by value, so edits that do not touch a declaration re-run nothing after parsing.</summary>
public class IncrementalTests
{
    private const string Declarations = """
        using Architectures;
        namespace Demo;
        [ResNet(Block.Bottleneck, 3, 4, 6, 3)] [SEBlock(Reduction = 16)] public partial class SEResNet50;
        [ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage)] public partial class ResNet20;
        [RegNet(1, 3, 6, 6, Widths = new[] { 48, 104, 208, 440 })] [SEBlock(Variant = typeof(HardSE))] public partial class RegNetHardSE;
        [Excitation(Reduction = 4, Divisor = 8, Gate = Gate.HardSigmoid)] public partial class HardSE;
        [MobileNetV3] [SEBlock(Reduction = 4, Divisor = 8)] [InvertedResidual(3, 16, 16, 2, SE = true)] public partial class TinyMobileNet;
        [MobileNetV2] [MBConvStage(1, 3, 1, 16, 1)] public partial class TinyMobileNetV2;
        [EfficientNet] [SEBlock(Reduction = 4, Reference = ReferenceWidth.BlockInput)] [MBConvStage(1, 3, 1, 16, 1)] public partial class TinyEfficientNet;
        [CustomBlock(Channels = 8)] [SEBlock(Reduction = 2)] public partial class WideBlock { private partial TorchSharp.torch.Tensor Branch(TorchSharp.torch.Tensor x) => x; }
        """;

    private static GeneratorDriverRunResult RunTwice(string editedOther)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Declarations, "namespace Demo; public class Other { }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        SyntaxTree other = compilation.SyntaxTrees.Last();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(other,
            CSharpSyntaxTree.ParseText(editedOther, GeneratorHarness.ParseOptions, path: other.FilePath));
        return driver.RunGenerators(edited).GetRunResult();
    }

    [Fact]
    public void UnrelatedEditLeavesEveryModelStepCached()
    {
        GeneratorRunResult run = RunTwice("namespace Demo; public class Other { public int Added => 42; }").Results.Single();

        var steps = TrackingNames.Families.SelectMany(f => new[] { TrackingNames.Parsed(f), TrackingNames.Models(f) })
            .Append(TrackingNames.Networks).Append(TrackingNames.Catalog);
        foreach (string step in steps)
        {
            var outputs = run.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(
                o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"{step} output was {o.Reason}"));
        }
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void EditingADeclarationRegeneratesOnlyThatNetwork()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Declarations);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        string changed = Declarations.Replace("Reduction = 16", "Reduction = 8");
        GeneratorRunResult run = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree,
            CSharpSyntaxTree.ParseText(changed, GeneratorHarness.ParseOptions, path: tree.FilePath))).GetRunResult().Results.Single();

        // Both classes share the edited file, so both are re-parsed; ResNet20's model compares equal and stops there.
        var parsed = run.TrackedSteps[TrackingNames.Parsed(TrackingNames.ResNets)].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(new[] { IncrementalStepRunReason.Modified, IncrementalStepRunReason.Unchanged }, parsed);
        var models = run.TrackedSteps[TrackingNames.Models(TrackingNames.ResNets)].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(new[] { IncrementalStepRunReason.Modified, IncrementalStepRunReason.Cached }, models);
        // The other families' models are untouched by an edit to a ResNet's reduction.
        foreach (string family in TrackingNames.Families.Where(f => f != TrackingNames.ResNets))
            Assert.All(run.TrackedSteps[TrackingNames.Models(family)].SelectMany(s => s.Outputs),
                o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }
}
