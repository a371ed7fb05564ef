using System;
using System.Collections.Generic;
using System.Linq;
using Architectures.Modules;
using Architectures.Training;
using Architectures.Zoo;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Architectures.Tests.Training;

public class FlatSgdTests
{
    public FlatSgdTests() => Runtime.TorchSetup.Once();

    private static float[] Weights(nn.Module model) =>
        model.parameters().SelectMany(p => p.detach().contiguous().data<float>().ToArray()).ToArray();

    [Theory]
    [InlineData(0.9, 5e-4, false, false)]
    [InlineData(0.9, 5e-4, true, false)]
    [InlineData(0.9, 0.0, false, true)]
    [InlineData(0.0, 5e-4, false, false)]
    public void StepsEqualTorchSgdToTheBit(double momentum, double weightDecay, bool nesterov, bool channelsLast)
    {
        manual_seed(11);
        using var x = randn(8, 1, 28, 28);
        using var y = randint(0, 10, 8, dtype: int64);
        var results = new List<float[]>();
        foreach (bool flat in new[] { false, true })
        {
            manual_seed(12);
            using var model = new SEResNet20();
            if (channelsLast) Layouts.ToChannelsLast(model);
            var strides = model.parameters().Select(p => p.stride()).ToArray();
            using var torchSgd = optim.SGD(model.parameters(), 0.1, momentum, weight_decay: weightDecay, nesterov: nesterov);
            using var flatSgd = flat ? new FlatSgd(model.parameters(), 0.1, momentum, weightDecay, nesterov) : null;
            // The parameters keep their layouts inside the flat buffer.
            Assert.Equal(strides, model.parameters().Select(p => p.stride()).ToArray());
            for (int step = 0; step < 3; step++)
            {
                using var scope = NewDisposeScope();
                model.zero_grad(set_to_none: true);
                var input = channelsLast ? Layouts.ToChannelsLast(x) : x;
                nn.functional.cross_entropy(model.call(input), y).backward();
                if (flatSgd is not null) { flatSgd.LearningRate = 0.1 / (step + 1); flatSgd.Step(); }
                else
                {
                    foreach (var group in torchSgd.ParamGroups) group.LearningRate = 0.1 / (step + 1);
                    torchSgd.step();
                }
            }
            results.Add(Weights(model));
        }
        Assert.Equal(results[0], results[1]);
    }

    [Fact]
    public void AMissingGradientIsNamed()
    {
        using var used = nn.Linear(4, 2);
        using var unused = nn.Linear(4, 2);
        using var sgd = new FlatSgd(used.parameters().Concat(unused.parameters()), 0.1, 0.9);
        used.call(randn(3, 4)).sum().backward();
        var e = Assert.Throws<InvalidOperationException>(() => sgd.Step());
        Assert.Contains("parameter 2 [2, 4] received no gradient", e.Message);
    }

    [Fact]
    public void MomentumIsAllOrNone()
    {
        using var model = nn.Linear(4, 2);
        using var sgd = new FlatSgd(model.parameters(), 0.1, 0.9);
        var e = Assert.Throws<ArgumentException>(() => sgd.SetMomentum(new Tensor?[] { zeros(2, 4), null }));
        Assert.Contains("momentum for 1 of 2 parameters", e.Message);
    }

    [Fact]
    public void AMismatchedMomentumIsNamedAndLeavesTheBuffersAlone()
    {
        using var model = nn.Linear(4, 2);
        using var sgd = new FlatSgd(model.parameters(), 0.1, 0.9);
        sgd.SetMomentum(new Tensor?[] { ones(2, 4), ones(2) });
        var e = Assert.Throws<ArgumentException>(() => sgd.SetMomentum(new Tensor?[] { zeros(2, 4), zeros(3) }));
        Assert.Contains("momentum 1 is Float32 [3], its parameter Float32 [2]", e.Message);
        e = Assert.Throws<ArgumentException>(() => sgd.SetMomentum(new Tensor?[] { zeros(2, 4, dtype: float64), zeros(2) }));
        Assert.Contains("momentum 0 is Float64 [2, 4], its parameter Float32 [2, 4]", e.Message);
        using var kept = sgd.MomentumOf(1)!;
        Assert.True(kept.eq(1).all().item<bool>());
    }
}
