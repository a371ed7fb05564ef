using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Architectures.Interop;
using Architectures.Modules;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Architectures.Tests.Runtime;

/// <summary>
/// One unit of each non-ResNet family, built with the constructors the generator emits, against torchvision's own
/// units (Fixtures/mobile-units.pt, written by scripts/make_unit_fixtures.py): same keys, same eval-mode output.
/// </summary>
public sealed class TorchvisionUnitTests : IDisposable
{
    private readonly Dictionary<string, Tensor> fixture;
    private readonly Xunit.Abstractions.ITestOutputHelper output;

    public TorchvisionUnitTests(Xunit.Abstractions.ITestOutputHelper output)
    {
        this.output = output;
        TorchSetup.Once();
        fixture = PyTorchStateDict.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mobile-units.pt"));
    }

    public void Dispose()
    {
        foreach (var tensor in fixture.Values) tensor.Dispose();
    }

    private void AssertSameAsTorchvision(string name, Module<Tensor, Tensor> unit)
    {
        var state = unit.state_dict();
        var expectedKeys = fixture.Keys.Where(k => k.StartsWith(name + ".")).Select(k => k.Substring(name.Length + 1)).Order().ToList();
        Assert.Equal(expectedKeys, state.Keys.Order().ToList());
        using (no_grad())
        {
            foreach (var (key, tensor) in state) tensor.copy_(fixture[$"{name}.{key}"]);
        }
        unit.eval();
        using var noGrad = no_grad();
        using var result = unit.call(fixture[$"{name}:input"]);
        double error = (result - fixture[$"{name}:output"]).abs().max().item<float>();
        output.WriteLine($"{name}: max abs error {error:E2} against torchvision");
        Assert.True(error <= 1e-5, $"{name}: max abs error {error}");
    }

    [Fact]
    public void MobileNetV2InvertedResidual()
    {
        using var unit = InvertedResidual.MobileNetV2(residual: true,
            ConvNormActivation.Create(24, 144, kernel: 1, activation: Activation.ReLU6),
            ConvNormActivation.Create(144, 144, kernel: 3, groups: 144, activation: Activation.ReLU6),
            Conv2d(144, 24, kernel_size: 1, bias: false),
            BatchNorm2d(24));
        AssertSameAsTorchvision("mnv2", unit);
    }

    [Fact]
    public void MobileNetV3InvertedResidualWithHardSigmoidSE()
    {
        var norm = new BatchNormSettings(Eps: 0.001, Momentum: 0.01);
        using var unit = new InvertedResidual(residual: true,
            ConvNormActivation.Create(24, 96, kernel: 1, activation: Activation.HardSwish, norm: norm),
            ConvNormActivation.Create(96, 96, kernel: 5, groups: 96, activation: Activation.HardSwish, norm: norm),
            new SqueezeExcitation(96, reducedChannels: 24, gate: Gate.HardSigmoid),
            ConvNormActivation.Create(96, 24, kernel: 1, activation: null, norm: norm));
        AssertSameAsTorchvision("mnv3", unit);
    }

    [Fact]
    public void EfficientNetMBConvWithSiLUSE()
    {
        using var unit = new InvertedResidual(residual: true, dropProbability: 0.1,
            ConvNormActivation.Create(16, 96, kernel: 1, activation: Activation.SiLU),
            ConvNormActivation.Create(96, 96, kernel: 3, groups: 96, activation: Activation.SiLU),
            new SqueezeExcitation(96, reducedChannels: 4, activation: Activation.SiLU),
            ConvNormActivation.Create(96, 16, kernel: 1, activation: null));
        AssertSameAsTorchvision("mbconv", unit);
    }

    [Fact]
    public void RegNetYResidualBottleneck()
    {
        using var unit = new ResBottleneckBlock(
            new BottleneckTransform(
                a: ConvNormActivation.Create(24, 48, kernel: 1),
                b: ConvNormActivation.Create(48, 48, kernel: 3, stride: 2, groups: 6),
                se: new SqueezeExcitation(48, reducedChannels: 6),
                c: ConvNormActivation.Create(48, 48, kernel: 1, activation: null)),
            proj: ConvNormActivation.Create(24, 48, kernel: 1, stride: 2, activation: null));
        AssertSameAsTorchvision("regnet", unit);
    }
}
