using System.Linq;
using Architectures.Modules;
using Architectures.Tests.Runtime;
using Architectures.Zoo;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Architectures.Tests.Modules;

/// <summary>
/// Channels-last training (the CPU default): the same arithmetic as NCHW, and feature maps that stay channels-last
/// through every unit (one NCHW tensor mid-network makes LibTorch reorder at every later convolution).
/// </summary>
public class ChannelsLastTests
{
    public ChannelsLastTests() => TorchSetup.Once();

    [Fact]
    public void ModuleConversionKeepsParametersAndValues()
    {
        manual_seed(3);
        using var model = new SEResNet20();
        var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var handles = model.parameters().Select(p => p.Handle).ToArray();
        Layouts.ToChannelsLast(model);
        Assert.Equal(handles, model.parameters().Select(p => p.Handle).ToArray());
        foreach (var (name, p) in model.named_parameters())
        {
            Assert.True(p.requires_grad, name);
            Assert.True(p.allclose(before[name], rtol: 0, atol: 0), name);
            // Exact strides also for the 1-channel stem and the 1×1 kernels, where NCHW and NHWC are easily confused.
            if (p.dim() == 4) Assert.True(Layouts.IsChannelsLast(p), $"{name} strides [{string.Join(", ", p.stride())}]");
        }
    }

    [Fact]
    public void AOneChannelBatchIsStoredChannelsLast()
    {
        using var x = randn(4, 1, 28, 28);
        using var y = Layouts.ToChannelsLast(x);
        Assert.Equal(new long[] { 784, 1, 28, 1 }, y.stride());
        Assert.True(y.allclose(x, rtol: 0, atol: 0));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryStageOfATrainingForwardStaysChannelsLast(bool se)
    {
        // From the 1-channel stem on: one NCHW tensor mid-network makes every later convolution reorder its operands.
        manual_seed(7);
        using var model = se ? new SEResNet20() : (nn.Module<Tensor, Tensor>)new ResNet20();
        Layouts.ToChannelsLast(model);
        model.train();
        using var scope = NewDisposeScope();
        var x = Layouts.ToChannelsLast(randn(4, 1, 28, 28));
        var children = model.named_children().ToDictionary(c => c.name, c => (nn.Module<Tensor, Tensor>)c.module);
        x = children["bn1"].call(children["conv1"].call(x)).relu_();
        Assert.True(Layouts.IsChannelsLast(x), $"stem output strides [{string.Join(", ", x.stride())}]");
        foreach (var stage in new[] { "layer1", "layer2", "layer3" })
        {
            foreach (var (name, unit) in children[stage].named_children())
            {
                x = ((nn.Module<Tensor, Tensor>)unit).call(x);
                Assert.True(Layouts.IsChannelsLast(x), $"{stage}.{name} output strides [{string.Join(", ", x.stride())}]");
            }
        }
    }

    [Fact]
    public void AnSEUnitKeepsTheBranchLayoutWhenItsShortcutIsNchw()
    {
        // After a 1-channel stem the identity shortcut is NCHW while the unit's convolutions produce channels-last.
        manual_seed(4);
        using var unit = new BasicBlock(16, planes: 16, se: new SqueezeExcitation(16, reducedChannels: 4));
        Layouts.ToChannelsLast(unit);
        unit.train();
        using var x = randn(4, 16, 8, 8).requires_grad_(true);
        using var y = unit.call(x);
        Assert.True(Layouts.IsChannelsLast(y), $"output strides [{string.Join(", ", y.stride())}]");
    }

    [Fact]
    public void ChannelsLastLossAndGradientsMatchAFloat64Reference()
    {
        // Channels-last kernels (oneDNN's, and LibTorch's batch norm) sum in other orders than NCHW's: against float64,
        // NCHW gradients here are within ~1e-6 of each gradient's largest element and channels-last ones within ~1e-2
        // (PyTorch 1.13 channels-last: up to 2.8e-2 in the same check). A layout mistake would be off by the values.
        manual_seed(5);
        using var x = randn(16, 1, 28, 28);
        using var labels = randint(0, 10, 16, dtype: int64);
        using var outer = NewDisposeScope();
        (float Loss, Tensor[] Gradients) Run(bool channelsLast, ScalarType dtype)
        {
            manual_seed(6);
            using var model = new SEResNet20();
            model.to(dtype);
            if (channelsLast) Layouts.ToChannelsLast(model);
            using var scope = NewDisposeScope();
            var input = x.to(dtype);
            if (channelsLast) input = Layouts.ToChannelsLast(input);
            var loss = nn.functional.cross_entropy(model.call(input), labels);
            loss.backward();
            return ((float)loss.to(float64).item<double>(),
                model.parameters().Select(p => p.grad!.to(float64).contiguous().MoveToOuterDisposeScope()).ToArray());
        }
        var reference = Run(channelsLast: false, float64);
        var nchw = Run(channelsLast: false, float32);
        var channelsLast = Run(channelsLast: true, float32);
        Assert.True(System.Math.Abs(channelsLast.Loss - reference.Loss) < 1e-5, $"losses {channelsLast.Loss} and {reference.Loss}");
        for (int i = 0; i < reference.Gradients.Length; i++)
        {
            double scale = reference.Gradients[i].abs().max().item<double>();
            double nchwError = (nchw.Gradients[i] - reference.Gradients[i]).abs().max().item<double>();
            double error = (channelsLast.Gradients[i] - reference.Gradients[i]).abs().max().item<double>();
            Assert.True(scale > 0, $"parameter {i} has a zero gradient");
            Assert.True(nchwError <= 1e-4 * scale, $"parameter {i}: NCHW error {nchwError:E2} at scale {scale:E2}");
            Assert.True(error <= 5e-2 * scale, $"parameter {i}: channels-last error {error:E2} at scale {scale:E2}");
        }
    }
}
