using System;
using System.Collections.Generic;
using System.Linq;
using Architectures.Modules;
using Architectures.Tests.Runtime;
using Architectures.Zoo;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Architectures.Tests.Modules;

/// <summary>
/// Every optimization of the runtime units equals the straightforward form: forward outputs and all gradients in
/// training, and folded-BN inference equals eval mode. Small shapes keep this well under a second per case.
/// </summary>
public class EquivalenceTests
{
    private const double ForwardTolerance = 1e-5;
    private const double GradientTolerance = 1e-5;

    public EquivalenceTests() => TorchSetup.Once();

    public static IEnumerable<object[]> Placements =>
        Enum.GetValues<SEPlacement>().Select(p => new object[] { p });

    public static IEnumerable<object[]> Excitations =>
        from squeeze in Enum.GetValues<Squeeze>()
        from gate in Enum.GetValues<Gate>()
        select new object[] { squeeze, gate };

    private static Bottleneck MakeBottleneck(SEPlacement placement, Squeeze squeeze = Squeeze.Average, Gate gate = Gate.Sigmoid,
        bool projection = true, long stride = 2, bool averagePool = false)
    {
        long inChannels = projection ? 16 : 32, width = 8, outChannels = 32;
        long seChannels = placement switch { SEPlacement.Pre => inChannels, SEPlacement.AfterConv3x3 => width, _ => outChannels };
        var se = placement == SEPlacement.None ? null : new SqueezeExcitation(seChannels, reducedChannels: 4, squeeze: squeeze, gate: gate);
        var unit = new Bottleneck(inChannels, width: width, outChannels: outChannels, stride: projection ? stride : 1,
            downsample: !projection ? null
                : averagePool ? Layers.AveragePoolProjection(inChannels, outChannels, stride: stride)
                : Layers.Projection(inChannels, outChannels, stride: stride),
            se: se, placement: placement);
        Layers.InitializeResNet(unit);
        Straightforward.RandomizeBatchNorms(unit);
        return unit;
    }

    private static BasicBlock MakeBasic(SEPlacement placement, bool projection)
    {
        long inChannels = projection ? 8 : 16, planes = 16;
        long seChannels = placement == SEPlacement.Pre ? inChannels : planes;
        var se = placement == SEPlacement.None ? null : new SqueezeExcitation(seChannels, reducedChannels: 4);
        var unit = new BasicBlock(inChannels, planes: planes, stride: projection ? 2 : 1,
            downsample: projection ? Layers.Projection(inChannels, planes, stride: 2) : null, se: se, placement: placement);
        Layers.InitializeResNet(unit);
        Straightforward.RandomizeBatchNorms(unit);
        return unit;
    }

    /// <summary>Forward and backward of the runtime unit and of the straightforward form, in training mode.</summary>
    private static void AssertTrainingEquivalent(ResidualUnit unit)
    {
        unit.train();
        using var scope = NewDisposeScope();
        Tensor input = randn(3, unit.named_parameters().First().parameter.shape[1], 12, 12);
        var parameters = unit.named_parameters().ToList();

        (Tensor output, Tensor inputGrad, Tensor[] grads) Run(Func<Tensor, Tensor> forward)
        {
            unit.zero_grad();
            Tensor x = input.clone().requires_grad_(true);
            Tensor y = forward(x);
            using var weights = torch.linspace(-1, 1, y.numel()).view(y.shape);
            (y * weights).sum().backward();
            return (y.detach(), x.grad!.clone(), parameters.Select(p => p.parameter.grad!.clone()).ToArray());
        }

        var optimized = Run(x => unit.call(x));
        var reference = Run(x => Straightforward.Unit(unit, x));
        Assert.Equal(reference.output.shape, optimized.output.shape);
        Assert.True(Straightforward.MaxAbsDiff(reference.output, optimized.output) <= ForwardTolerance * (1 + Straightforward.MaxAbs(reference.output)),
            $"forward differs by {Straightforward.MaxAbsDiff(reference.output, optimized.output)}");
        Assert.True(Straightforward.MaxAbsDiff(reference.inputGrad, optimized.inputGrad) <= GradientTolerance * (1 + Straightforward.MaxAbs(reference.inputGrad)),
            $"input gradient differs by {Straightforward.MaxAbsDiff(reference.inputGrad, optimized.inputGrad)}");
        for (int i = 0; i < parameters.Count; i++)
        {
            double diff = Straightforward.MaxAbsDiff(reference.grads[i], optimized.grads[i]);
            Assert.True(diff <= GradientTolerance * (1 + Straightforward.MaxAbs(reference.grads[i])),
                $"gradient of {parameters[i].name} differs by {diff}");
        }
    }

    /// <summary>Eval-mode straightforward output vs the runtime unit, unfolded and folded (and folded channels-last).</summary>
    private static void AssertInferenceEquivalent(ResidualUnit unit, int size = 12)
    {
        unit.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor x = randn(2, unit.named_parameters().First().parameter.shape[1], size, size);
        Tensor expected = Straightforward.Unit(unit, x);
        double tolerance = ForwardTolerance * (1 + Straightforward.MaxAbs(expected));

        Tensor plain = unit.call(x);
        Assert.True(Straightforward.MaxAbsDiff(expected, plain) <= tolerance, $"eval differs by {Straightforward.MaxAbsDiff(expected, plain)}");

        unit.FoldBatchNorm();
        Assert.True(unit.IsFolded);
        Tensor folded = unit.call(x);
        Assert.True(Straightforward.MaxAbsDiff(expected, folded) <= tolerance, $"folded differs by {Straightforward.MaxAbsDiff(expected, folded)}");

        unit.FoldBatchNorm(channelsLast: true);
        Tensor channelsLast = unit.call(Layouts.ToChannelsLast(x));
        Assert.True(Straightforward.MaxAbsDiff(expected, channelsLast) <= tolerance,
            $"folded channels-last differs by {Straightforward.MaxAbsDiff(expected, channelsLast)}");

        unit.train();
        Assert.False(unit.IsFolded);
    }

    /// <summary>ResNet-D's average-pool shortcut: the pool stays in front of the folded 1×1 (odd sizes exercise ceil mode).</summary>
    [Theory]
    [InlineData(2, 12)]
    [InlineData(2, 7)]
    [InlineData(1, 12)]
    public void AveragePoolShortcutFoldsAndTrainsAsStraightforward(long stride, int size)
    {
        using var unit = MakeBottleneck(SEPlacement.Standard, stride: stride, averagePool: true);
        AssertInferenceEquivalent(unit, size);
        AssertTrainingEquivalent(unit);
    }

    [Theory]
    [MemberData(nameof(Placements))]
    public void BottleneckTrainingEqualsStraightforward(SEPlacement placement)
    {
        using var withProjection = MakeBottleneck(placement);
        AssertTrainingEquivalent(withProjection);
        using var identity = MakeBottleneck(placement, projection: false);
        AssertTrainingEquivalent(identity);
    }

    [Theory]
    [MemberData(nameof(Placements))]
    public void BottleneckInferenceEqualsStraightforward(SEPlacement placement)
    {
        using var withProjection = MakeBottleneck(placement);
        AssertInferenceEquivalent(withProjection);
        using var identity = MakeBottleneck(placement, projection: false);
        AssertInferenceEquivalent(identity);
    }

    [Theory]
    [MemberData(nameof(Excitations))]
    public void ExcitationVariantsEqualStraightforward(Squeeze squeeze, Gate gate)
    {
        using var unit = MakeBottleneck(SEPlacement.Standard, squeeze, gate);
        AssertTrainingEquivalent(unit);
        AssertInferenceEquivalent(unit);
    }

    [Theory]
    [InlineData(SEPlacement.None)]
    [InlineData(SEPlacement.Standard)]
    [InlineData(SEPlacement.Pre)]
    [InlineData(SEPlacement.Post)]
    [InlineData(SEPlacement.Identity)]
    public void BasicBlockEqualsStraightforward(SEPlacement placement)
    {
        foreach (bool projection in new[] { true, false })
        {
            using var unit = MakeBasic(placement, projection);
            AssertTrainingEquivalent(unit);
            AssertInferenceEquivalent(unit);
        }
    }

    [Fact]
    public void SqueezeExcitationModuleEqualsStraightforward()
    {
        // Weights and inputs from a private generator: tests running beside this one draw from the global one, and
        // a fresh random draw each run made the 1e-6 bound pass or fail by chance.
        using var generator = new torch.Generator(17);
        foreach (object[] variant in Excitations)
        {
            using var se = new SqueezeExcitation(16, reducedChannels: 4, squeeze: (Squeeze)variant[0], gate: (Gate)variant[1]);
            using var scope = NewDisposeScope();
            using (no_grad())
            {
                // PyTorch's default range for a layer's weights and biases: ±1/√fan_in.
                foreach (var (name, p) in se.named_parameters())
                    p.uniform_(-1 / Math.Sqrt(name.StartsWith("fc1") ? 16 : 4), 1 / Math.Sqrt(name.StartsWith("fc1") ? 16 : 4), generator);
            }
            Tensor u = randn(new long[] { 2, 16, 7, 7 }, generator: generator);
            Tensor x1 = u.clone().requires_grad_(true), x2 = u.clone().requires_grad_(true);
            Tensor weights = randn(new long[] { 2, 16, 7, 7 }, generator: generator);
            Tensor y1 = se.call(x1);
            (y1 * weights).sum().backward();
            var grads1 = se.parameters().Select(p => p.grad!.clone()).ToArray();
            se.zero_grad();
            Tensor y2 = Straightforward.SE(se, x2);
            (y2 * weights).sum().backward();
            var grads2 = se.parameters().Select(p => p.grad!.clone()).ToArray();
            Assert.True(Straightforward.MaxAbsDiff(y1, y2) <= 1e-6);
            Assert.True(Straightforward.MaxAbsDiff(x1.grad!, x2.grad!) <= 1e-6);
            for (int i = 0; i < grads1.Length; i++) Assert.True(Straightforward.MaxAbsDiff(grads1[i], grads2[i]) <= 1e-5);
        }
    }

    [Fact]
    public void ExcitationObserverSeesEachExcitation()
    {
        using var se = new SqueezeExcitation(16, reducedChannels: 4);
        var seen = new List<long[]>();
        se.ExcitationObserver = s => seen.Add(s.shape);
        using var scope = NewDisposeScope();
        using var u = randn(3, 16, 5, 5);
        Tensor s = se.Excite(u);
        Assert.Equal(new long[] { 3, 16, 1, 1 }, s.shape);
        Assert.Single(seen);
        Assert.Equal(new long[] { 3, 16 }, seen[0]);
    }

    [Fact]
    public void FoldedNetworkEqualsEvalMode()
    {
        using var model = new SEResNet50();
        Straightforward.RandomizeBatchNorms(model);
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor x = randn(1, 3, 64, 64);
        Tensor expected = model.call(x);
        int units = Layers.ForInference(model);
        Assert.Equal(16, units);
        Tensor folded = model.call(x);
        Assert.True(Straightforward.MaxAbsDiff(expected, folded) <= 1e-4 * (1 + Straightforward.MaxAbs(expected)),
            $"folded SE-ResNet-50 differs by {Straightforward.MaxAbsDiff(expected, folded)} (scale {Straightforward.MaxAbs(expected)})");
        model.train();
        Assert.DoesNotContain(model.named_modules().Select(m => m.module).OfType<ResidualUnit>(), u => u.IsFolded);
    }

    /// <summary>ResNet-D (deep stem, average-pool shortcuts): folded inference equals eval mode within 1e-5 at 64×64.</summary>
    [Fact]
    public void FoldedResNet50DEqualsEvalMode()
    {
        using var model = new ResNet50D();
        Straightforward.RandomizeBatchNorms(model);
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor x = randn(1, 3, 64, 64);
        Tensor expected = model.call(x);
        Assert.Equal(16, Layers.ForInference(model));
        Assert.Equal(4, model.named_modules().Select(m => m.module).OfType<ResidualUnit>().Count(u => u.IsFolded &&
            u.named_children().Any(c => c.name == "downsample")));
        Tensor folded = model.call(x);
        double diff = Straightforward.MaxAbsDiff(expected, folded);
        Assert.True(diff <= 1e-5 * (1 + Straightforward.MaxAbs(expected)),
            $"folded ResNet-50-D differs by {diff} (scale {Straightforward.MaxAbs(expected)})");
        model.train();
        Assert.DoesNotContain(model.named_modules().Select(m => m.module).OfType<ResidualUnit>(), u => u.IsFolded);
    }

    [Fact]
    public void FoldingKeepsStateDictKeys()
    {
        using var model = new SEResNet18();
        var before = model.state_dict().Keys.ToList();
        Layers.ForInference(model);
        Assert.Equal(before, model.state_dict().Keys.ToList());
    }
}
