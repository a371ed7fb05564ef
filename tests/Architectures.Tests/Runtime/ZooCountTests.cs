using System.Collections.Generic;
using ReferenceEqualityComparer = System.Collections.Generic.ReferenceEqualityComparer;
using System.Linq;
using Architectures.Reporting;
using Architectures.Zoo;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Architectures.Tests.Runtime;

/// <summary>For every declared example: compile-time constants == TorchSharp's runtime count, and the output shape.</summary>
public class ZooCountTests
{
    public ZooCountTests() => TorchSetup.Once();

    public static IEnumerable<object[]> Architectures => Catalog.All.Select(a => new object[] { a.Name });

    [Theory]
    [MemberData(nameof(Architectures))]
    public void CompileTimeCountsEqualRuntimeCounts(string name)
    {
        ArchitectureInfo info = Catalog.Find(name)!;
        using var model = info.Create();
        long total = model.parameters().Sum(p => p.numel());
        // Excitations are found by type: their paths differ per family (layer1.0.se, features.1.block.1, f.se).
        long se = model.named_modules().Where(m => m.module is Architectures.Modules.IExcitation)
            .Sum(m => m.module.parameters().Sum(p => p.numel()));
        Assert.Equal(info.Report.Parameters, total);
        Assert.Equal(info.Report.SEParameters, se);
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void EveryModuleIsRegisteredOnceUnderItsStateDictName(string name)
    {
        using var model = Catalog.Find(name)!.Create();
        var modules = model.named_modules().ToList();
        Assert.Equal(modules.Count, modules.Select(m => m.module).Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.DoesNotContain(modules, m => m.name.Contains('<'));
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void ForwardGivesOneLogitPerClass(string name)
    {
        ArchitectureInfo info = Catalog.Find(name)!;
        using var model = info.Create();
        model.eval();
        using var noGrad = no_grad();
        // A smaller input than declared keeps ImageNet networks quick; the shape logic is the same.
        int size = System.Math.Min(info.Report.InputSize, 64);
        using var input = randn(2, info.Report.InputChannels, size, size);
        using var output = model.call(input);
        long classes = info.Report.Layers.Last().OutputShape[0];
        Assert.Equal(new long[] { 2, classes }, output.shape);
    }

    [Theory]
    [InlineData("SEResNet20")]
    [InlineData("SEPreResNet50")]
    [InlineData("SEPostResNet50")]
    [InlineData("SEIdentityResNet50")]
    [InlineData("SE3x3ResNet50")]
    [InlineData("MaxTanhLateSEResNet50")]
    public void EveryPlacementTrainsGradientsReachEveryParameter(string name)
    {
        using var model = Catalog.Find(name)!.Create();
        model.train();
        int size = System.Math.Min(Catalog.Find(name)!.Report.InputSize, 32);
        using var input = randn(2, Catalog.Find(name)!.Report.InputChannels, size, size);
        using var loss = model.call(input).square().mean();
        loss.backward();
        foreach (var (parameterName, parameter) in model.named_parameters())
        {
            Assert.True(parameter.grad is not null, $"{parameterName} has no gradient");
            Assert.True(parameter.grad!.isfinite().all().item<bool>(), $"{parameterName} has a non-finite gradient");
        }
        var se = model.named_parameters().Where(p => p.name.Contains(".se.")).ToList();
        Assert.NotEmpty(se);
        Assert.Contains(se, p => p.parameter.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void AcceptanceFiguresAreCompileTimeConstants()
    {
        Assert.Equal(25_557_032, ResNet50.ParameterCount);
        Assert.Equal(28_088_024, SEResNet50.ParameterCount);
        Assert.Equal(11_778_592, SEResNet18.ParameterCount);
        Assert.Equal(49_326_872, SEResNet101.ParameterCount);
        Assert.Equal(66_821_848, SEResNet152.ParameterCount);
        Assert.Equal(27_559_896, SEResNeXt50_32x4d.ParameterCount);
        // Eq. 5 of the paper counts SE weights without biases: (2/r)·Σ N_s·C_s² = 2,514,944 for ResNet-50, r = 16.
        long biases = SEResNet50.Report.Layers.Where(l => l.Name.EndsWith(".se"))
            .Sum(l => (long)l.OutputShape[0] + l.OutputShape[0] / 16);
        Assert.Equal(2_514_944, SEResNet50.SEParameterCount - biases);
        Assert.Equal(4_089_184_256, ResNet50.MultiplyAdds);
        Assert.Equal(3_857_973_248, PaperResNet50.MultiplyAdds);
        // 3.8715 G: the paper's 3.87; SE adds 2.51 M excitation MACs plus 11.04 M for squeeze and scale.
        Assert.Equal(3_871_526_912, PaperSEResNet50.MultiplyAdds);
    }
}
