using System;
using System.Linq;
using Architectures.Modules;
using Architectures.Zoo;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Architectures.Tests.Runtime;

/// <summary>The SE family members, variants and custom blocks: formulas by hand, counts, and training.</summary>
public class ExcitationFamilyTests
{
    public ExcitationFamilyTests() => TorchSetup.Once();

    [Theory]
    [InlineData(16, 3)]
    [InlineData(256, 5)]
    [InlineData(1024, 5)]
    [InlineData(2048, 7)]
    public void EcaMatchesAOneDimensionalConvolutionAcrossChannelsByHand(int channels, int kernel)
    {
        manual_seed(5);
        using var eca = new EfficientChannelAttention(channels, kernel);
        Assert.Equal(kernel, eca.parameters().Sum(p => p.numel()));
        using var u = randn(2, channels, 3, 3);
        using var s = eca.Excite(u);
        float[] w = eca.parameters().Single().data<float>().ToArray();
        float[] z = u.mean(new long[] { 2, 3 }).data<float>().ToArray();
        float[] actual = s.data<float>().ToArray();
        int half = kernel / 2;
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < channels; c++)
            {
                double sum = 0;
                for (int j = 0; j < kernel; j++)
                {
                    int source = c + j - half; // zero padding outside the channel range
                    if (source >= 0 && source < channels) sum += w[j] * z[n * channels + source];
                }
                double expected = 1 / (1 + Math.Exp(-sum));
                Assert.True(Math.Abs(expected - actual[n * channels + c]) < 1e-5, $"n={n} c={c}: {expected} vs {actual[n * channels + c]}");
            }
    }

    [Fact]
    public void CircularEcaWrapsAroundTheChannels()
    {
        manual_seed(6);
        using var eca = new EfficientChannelAttention(8, 3, circular: true);
        using var u = randn(1, 8, 2, 2);
        float[] w = eca.parameters().Single().data<float>().ToArray();
        float[] z = u.mean(new long[] { 2, 3 }).data<float>().ToArray();
        float[] s = eca.Excite(u).data<float>().ToArray();
        // Channel 0 sees channel 7 on its left, channel 7 sees channel 0 on its right.
        double first = w[0] * z[7] + w[1] * z[0] + w[2] * z[1];
        double last = w[0] * z[6] + w[1] * z[7] + w[2] * z[0];
        Assert.Equal(1 / (1 + Math.Exp(-first)), s[0], 5);
        Assert.Equal(1 / (1 + Math.Exp(-last)), s[7], 5);
    }

    [Fact]
    public void CbamChannelSumsTheAverageAndMaxPathsBeforeTheGate()
    {
        manual_seed(8);
        using var cbam = new SqueezeExcitation(8, reducedChannels: 2, squeeze: Squeeze.AverageAndMax, bias: false);
        Assert.Equal(2 * 8 * 2, cbam.parameters().Sum(p => p.numel()));
        using var u = randn(2, 8, 4, 4);
        var p = cbam.named_parameters().ToDictionary(x => x.name, x => x.parameter.flatten(1));
        Tensor Mlp(Tensor z) => functional.linear(functional.linear(z, p["fc1.weight"]).relu(), p["fc2.weight"]);
        using var expected = (Mlp(u.mean(new long[] { 2, 3 })) + Mlp(u.amax(new long[] { 2, 3 }))).sigmoid().view(2, 8, 1, 1);
        using var actual = cbam.Excite(u);
        Assert.True(allclose(expected, actual, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void GatherExciteHasNoParametersAndGatesTheMean()
    {
        using var ge = new GatherExcite();
        Assert.Empty(ge.parameters());
        using var u = randn(2, 4, 3, 3);
        Assert.True(allclose(u.mean(new long[] { 2, 3 }, keepdim: true).sigmoid(), ge.Excite(u)));
    }

    [Fact]
    public void NoSqueezeGatesEveryPosition()
    {
        using var ns = new NoSqueezeExcitation(8, reducedChannels: 2);
        using var u = randn(2, 8, 5, 5);
        Assert.Equal(new long[] { 2, 8, 5, 5 }, ns.Excite(u).shape);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(72)]
    [InlineData(120)]
    [InlineData(960)]
    public void VariantFormulaEqualsItsRuntimeParameters(int channels)
    {
        using var se = new HardSE(channels);
        Assert.Equal(HardSE.ParameterCount(channels, channels), se.parameters().Sum(p => p.numel()));
        // make_divisible(C / 4, 8) with torchvision's 10 % rule: 16 → 8, 72 → 24 (18 rounds to 16 < 0.9·18), 120 → 32, 960 → 240.
        long expected = channels switch { 16 => 8, 72 => 24, 120 => 32, _ => 240 };
        Assert.Equal(expected, HardSE.HiddenChannels(channels));
    }

    [Fact]
    public void NetworkBuiltFromAVariantCountsItsParametersAtCompileTime()
    {
        using var network = new HardSEResNet18();
        var variants = network.named_modules().Where(m => m.module is HardSE).ToList();
        Assert.Equal(8, variants.Count);
        long runtime = variants.Sum(m => m.module.parameters().Sum(p => p.numel()));
        Assert.Equal(HardSEResNet18.SEParameterCount, runtime);
        long byFormula = new long[] { 64, 64, 128, 128, 256, 256, 512, 512 }.Sum(c => HardSE.ParameterCount(c, c));
        Assert.Equal(byFormula, runtime);
    }

    [Fact]
    public void CustomBlockGetsItsSEWiredInCountedAndPlaced()
    {
        manual_seed(9);
        using var block = new TwoConvBlock();
        var names = block.named_parameters().Select(p => p.name).ToList();
        Assert.Contains("conv1.weight", names);
        Assert.Contains("se.fc1.weight", names);
        Assert.Equal(TwoConvBlock.SEParameterCount, block.named_parameters().Where(p => p.name.StartsWith("se.")).Sum(p => p.parameter.numel()));
        Assert.Equal(2 * 64 * 4 + 4 + 64, TwoConvBlock.SEParameterCount);

        block.eval();
        using var noGrad = no_grad();
        using var x = randn(2, 64, 6, 6);
        var modules = block.named_children().ToDictionary(c => c.name, c => (Module<Tensor, Tensor>)c.module);
        Tensor u = modules["bn2"].call(modules["conv2"].call(modules["bn1"].call(modules["conv1"].call(x)).relu()));
        using var expected = (x + modules["se"].call(u)).relu();
        using var actual = block.call(x);
        Assert.True(allclose(expected, actual, rtol: 1e-5, atol: 1e-5));
    }

    /// <summary>
    /// Coordinate attention as written in the paper, one direction at a time (eval mode, so the shared batch norm acts
    /// per position): s[n,c,h,w] = σ(conv_h(δ(bn1(conv1(mean_w u))))[h]) · σ(conv_w(δ(bn1(conv1(mean_h u))))[w]).
    /// </summary>
    [Fact]
    public void CoordinateAttentionGatesRowsTimesColumns()
    {
        manual_seed(8);
        using var ca = new CoordinateAttention(16, reducedChannels: 8);
        // timm's count for these widths: conv1 16·8, bn1 2·8, conv_h and conv_w 8·16 each = 3·C·h + 2·h.
        Assert.Equal(3 * 16 * 8 + 2 * 8, ca.parameters().Sum(p => p.numel()));
        var modules = ca.named_children().ToDictionary(c => c.name, c => (Module<Tensor, Tensor>)c.module);
        var bn = (TorchSharp.Modules.BatchNorm)modules["bn1"];
        using (no_grad())
        {
            bn.running_mean!.copy_(randn(8));
            bn.running_var!.copy_(rand(8) + 0.5);
        }
        ca.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor u = randn(2, 16, 3, 5);
        Tensor Encode(Tensor strip) => functional.hardswish(modules["bn1"].call(modules["conv1"].call(strip)));
        Tensor rows = modules["conv_h"].call(Encode(u.mean(new long[] { 3 }, keepdim: true))).sigmoid();   // [2, 16, 3, 1]
        Tensor columns = modules["conv_w"].call(Encode(u.mean(new long[] { 2 }, keepdim: true))).sigmoid(); // [2, 16, 1, 5]
        Tensor expected = u * rows * columns;
        Tensor actual = ca.call(u);
        Assert.Equal(u.shape, actual.shape);
        Assert.True(allclose(expected, actual, rtol: 1e-5, atol: 1e-6), $"differs by {(expected - actual).abs().max().item<float>()}");
    }

    /// <summary>timm's CoordAttn widths, make_divisible(C · 1/16 · 2/3, 8, round_limit 0) (values from timm's helper
    /// in scripts/resnet_d_reference.py), and the variant's formula equals the module's runtime count.</summary>
    [Theory]
    [InlineData(256, 8)]
    [InlineData(512, 24)]
    [InlineData(1024, 40)]
    [InlineData(2048, 88)]
    [InlineData(288, 16)]
    [InlineData(16, 8)]
    public void CoordinateAttentionVariantHasTimmsWidthsAndCounts(int channels, int hidden)
    {
        Assert.Equal(hidden, TimmCoordAttn.HiddenChannels(channels));
        using var module = new TimmCoordAttn(channels);
        Assert.Equal(3L * channels * hidden + 2 * hidden, TimmCoordAttn.ParameterCount(channels, channels));
        Assert.Equal(TimmCoordAttn.ParameterCount(channels, channels), module.parameters().Sum(p => p.numel()));
    }

    [Theory]
    [InlineData("EcaResNet50")]
    [InlineData("CecaResNet50")]
    [InlineData("EseResNet50")]
    [InlineData("CbamChannelResNet50")]
    [InlineData("GatherExciteResNet50")]
    [InlineData("NoSqueezeResNet50")]
    [InlineData("CoordAttnResNet50")]
    [InlineData("ResNet50D")]
    [InlineData("HardSEResNet18")]
    [InlineData("MobileNetV3Small")]
    [InlineData("EfficientNetB0")]
    [InlineData("RegNetY400MF")]
    public void FamilyMembersTrain(string name)
    {
        var info = Catalog.Find(name)!;
        using var model = info.Create();
        model.train();
        using var input = randn(2, 3, 32, 32);
        using var loss = model.call(input).square().mean();
        loss.backward();
        foreach (var (parameterName, parameter) in model.named_parameters())
            Assert.True(parameter.grad is not null && parameter.grad.isfinite().all().item<bool>(), $"{parameterName} has no finite gradient");
    }
}
