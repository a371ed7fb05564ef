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

    private static bool IsStrictlyChannelsLast(Tensor t) => Layouts.IsChannelsLast(t) && !t.is_contiguous();

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
            if (p.dim() == 4 && p.shape[1] > 1 && p.shape[2] * p.shape[3] > 1) Assert.True(IsStrictlyChannelsLast(p), name);
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
        Assert.True(IsStrictlyChannelsLast(y), $"output strides [{string.Join(", ", y.stride())}]");
    }

    [Fact]
    public void ChannelsLastLossAndGradientsMatchNchw()
    {
        manual_seed(5);
        using var x = randn(16, 1, 28, 28);
        using var labels = randint(0, 10, 16, dtype: int64);
        var losses = new float[2];
        var gradients = new Tensor[2][];
        foreach (bool channelsLast in new[] { false, true })
        {
            manual_seed(6);
            using var model = new SEResNet20();
            if (channelsLast) Layouts.ToChannelsLast(model);
            using var scope = NewDisposeScope();
            var input = channelsLast ? Layouts.ToChannelsLast(x) : x;
            var loss = nn.functional.cross_entropy(model.call(input), labels);
            loss.backward();
            int i = channelsLast ? 1 : 0;
            losses[i] = loss.item<float>();
            gradients[i] = model.parameters().Select(p => p.grad!.contiguous().clone().MoveToOuterDisposeScope()).ToArray();
        }
        Assert.True(System.Math.Abs(losses[0] - losses[1]) < 1e-5, $"losses {losses[0]} and {losses[1]}");
        // Different convolution algorithms round differently: each gradient agrees to float precision relative to its size.
        for (int i = 0; i < gradients[0].Length; i++)
        {
            float scale = gradients[0][i].abs().max().item<float>();
            float difference = (gradients[0][i] - gradients[1][i]).abs().max().item<float>();
            Assert.True(scale > 0, $"parameter {i} has a zero gradient");
            Assert.True(difference <= 1e-4 * scale, $"parameter {i}: gradient differs by {difference:E2} at scale {scale:E2}");
        }
    }
}
