using System.Linq;
using Architectures.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Xunit;
using Vocabulary = Architectures.Generators.Vocabulary;

namespace Architectures.Tests.Generator;

/// <summary>The generator reads attribute arguments into the shared attribute types: written values, defaults from the class.</summary>
public class AttributeReaderTests
{
    private static AttributeReader Read(string declaration, int index = 0)
    {
        var compilation = GeneratorHarness.Compile("using Architectures;\n" + declaration + " public partial class N;\n[Excitation] public partial class V;");
        AttributeData data = compilation.GetTypeByMetadataName("N")!.GetAttributes()[index];
        return new AttributeReader(data, default);
    }

    [Fact]
    public void ConstructorArgumentsNamedArgumentsAndDefaults()
    {
        var resnet = Read("[ResNet(Block.Bottleneck, 3, 4, Widths = new[] { 8, 16 }, Stem = Stem.Deep, Classes = 10)]").As<Vocabulary.ResNetAttribute>();
        Assert.Equal(Vocabulary.Block.Bottleneck, resnet.Block);
        Assert.Equal(new[] { 3, 4 }, resnet.BlocksPerStage);
        Assert.Equal(new[] { 8, 16 }, resnet.Widths);
        Assert.Equal(Vocabulary.Stem.Deep, resnet.Stem);
        Assert.Equal(10, resnet.Classes);
        // Not written: the attribute class's own defaults, the same as the runtime attribute's.
        var runtime = new ResNetAttribute(Block.Basic);
        Assert.Equal((runtime.InputChannels, runtime.InputSize, runtime.BaseWidth, (int)runtime.Shortcut),
            (resnet.InputChannels, resnet.InputSize, resnet.BaseWidth, (int)resnet.Shortcut));
    }

    [Fact]
    public void KnobsOfABaseClassAndATypeArgument()
    {
        AttributeReader reader = Read("[ResNet(Block.Basic, 1)] [SEBlock(Reduction = 4, RoundLimit = 1, Gate = (Gate)9, Variant = typeof(V))]", index: 1);
        var se = reader.As<Vocabulary.ExcitationKnobsAttribute>();
        Assert.IsType<Vocabulary.SEBlockAttribute>(se);
        Assert.Equal(4, se.Reduction);
        Assert.Equal(1.0, se.RoundLimit); // an int literal for a double property
        Assert.Equal(9, (int)se.Gate); // an undefined value is kept (and reported by CheckEnumValues)
        Assert.Equal(new SEBlockAttribute().Bias, se.Bias);
        Assert.Null(((Vocabulary.SEBlockAttribute)se).Variant); // a Type has no runtime value here: read it as a symbol
        Assert.Equal("V", reader.TypeArgument("Variant")!.Name);
        Assert.Equal(4, reader.Int("Reduction"));
        Assert.Equal(new SEBlockAttribute().MinChannels, reader.Int("MinChannels"));
    }

    /// <summary>A stage override that names the kind the network already has keeps the network's knobs (its Bias too).</summary>
    [Fact]
    public void NamingTheSameKindAgainKeepsInheritedKnobs()
    {
        var (run, diagnostics) = GeneratorHarness.Run("""
            using Architectures;
            namespace Demo;
            [ResNet(Block.Basic, 1, 1, Widths = new[] { 16, 32 }, Stem = Stem.SmallImage, InputSize = 32, Classes = 10)]
            [SEBlock(Kind = ExcitationKind.CbamChannel, Bias = true, Reduction = 4)]
            [SEBlock(Stage = 2, Kind = ExcitationKind.CbamChannel, Reduction = 8)]
            public partial class Cbam;
            """);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        string module = run.Results.Single().GeneratedSources.Single(s => s.HintName == "Demo.Cbam.g.cs").SourceText.ToString();
        // Both stages build CBAM with biases (the module's default): stage 1 as declared, stage 2 inheriting it.
        Assert.Contains("SqueezeExcitation(16, reducedChannels: 4, squeeze: global::Architectures.Squeeze.AverageAndMax)", module);
        Assert.Contains("SqueezeExcitation(32, reducedChannels: 4, squeeze: global::Architectures.Squeeze.AverageAndMax)", module);
    }
}
