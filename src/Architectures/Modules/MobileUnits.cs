using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Architectures.Modules;

/// <summary>Batch-norm settings of a network (MobileNetV3 uses eps 0.001, momentum 0.01; most others the defaults).</summary>
public sealed record BatchNormSettings(double Eps = 1e-5, double Momentum = 0.1)
{
    public static BatchNormSettings Default { get; } = new();
}

/// <summary>torchvision's Conv2dNormActivation: convolution (no bias), batch norm, optional activation; keys 0, 1.</summary>
public static class ConvNormActivation
{
    public static Sequential Create(long inChannels, long outChannels, long kernel, long stride = 1, long groups = 1,
        Activation? activation = Activation.ReLU, BatchNormSettings? norm = null)
    {
        norm ??= BatchNormSettings.Default;
        var conv = Conv2d(inChannels, outChannels, kernel_size: kernel, stride: stride, padding: (kernel - 1) / 2, groups: groups, bias: false);
        var bn = new SafeBatchNorm2d(outChannels, eps: norm.Eps, momentum: norm.Momentum);
        return activation is { } a ? Sequential(conv, bn, Nonlinearities.Module(a)) : Sequential(conv, bn);
    }
}

/// <summary>
/// An inverted residual (MobileNetV2/V3) or MBConv (EfficientNet) unit: its layers run in order as <c>block</c>
/// (expansion, depthwise, excitation, projection — keys <c>block.0.0.weight</c>, …), plus the input when the unit
/// keeps its shape. Stochastic depth (EfficientNet) drops the residual branch per sample while training.
/// </summary>
public sealed class InvertedResidual : Module<Tensor, Tensor>
{
    private readonly Sequential block;

    public InvertedResidual(bool residual, double dropProbability, params Module<Tensor, Tensor>[] layers)
        : this("block", residual, dropProbability, layers)
    {
    }

    public InvertedResidual(bool residual, params Module<Tensor, Tensor>[] layers) : this("block", residual, 0, layers)
    {
    }

    private InvertedResidual(string layersName, bool residual, double dropProbability, Module<Tensor, Tensor>[] layers) : base(nameof(InvertedResidual))
    {
        if (dropProbability is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(dropProbability), dropProbability, "must lie in [0, 1)");
        if (dropProbability > 0 && !residual) throw new ArgumentException("stochastic depth needs a residual connection", nameof(dropProbability));
        Residual = residual;
        DropProbability = dropProbability;
        block = Sequential(layers);
        // Registered by hand: the key is "block" (MobileNetV3, EfficientNet) or "conv" (MobileNetV2), not the field's name.
        register_module(layersName, block);
    }

    /// <summary>torchvision's MobileNetV2 unit: the same computation, its layers under the key <c>conv</c>.</summary>
    public static InvertedResidual MobileNetV2(bool residual, params Module<Tensor, Tensor>[] layers) => new("conv", residual, 0, layers);

    public bool Residual { get; }
    public double DropProbability { get; }

    public override Tensor forward(Tensor x)
    {
        if (!Residual) return block.call(x);
        using var scope = NewDisposeScope();
        Tensor y = block.call(x);
        if (training && DropProbability > 0)
        {
            // torchvision's stochastic_depth, mode "row": keep each sample's branch with probability 1 − p, rescaled.
            double keep = 1 - DropProbability;
            using var keepScalar = keep.ToScalar();
            using var mask = empty(x.shape[0], 1, 1, 1, dtype: y.dtype, device: y.device).bernoulli_(keep).div_(keepScalar);
            y = y.mul_(mask);
        }
        return y.add_(x, HeldScalars.One).MoveToOuterDisposeScope();
    }
}

/// <summary>RegNet's bottleneck transform <c>f</c>: a (1×1), b (3×3 grouped), optional se, c (1×1), as torchvision names them.</summary>
public sealed class BottleneckTransform : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> a;
    private readonly Module<Tensor, Tensor> b;
    private readonly Module<Tensor, Tensor>? se;
    private readonly Module<Tensor, Tensor> c;

    public BottleneckTransform(Module<Tensor, Tensor> a, Module<Tensor, Tensor> b, Module<Tensor, Tensor>? se, Module<Tensor, Tensor> c)
        : base(nameof(BottleneckTransform))
    {
        this.a = a;
        this.b = b;
        this.se = se;
        this.c = c;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor y = b.call(a.call(x));
        if (se is not null) y = se.call(y);
        return c.call(y).MoveToOuterDisposeScope();
    }
}

/// <summary>RegNet's residual bottleneck unit: relu(proj(x) + f(x)), proj only when the shape changes.</summary>
public sealed class ResBottleneckBlock : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor>? proj;
    private readonly BottleneckTransform f;

    public ResBottleneckBlock(BottleneckTransform f, Module<Tensor, Tensor>? proj = null) : base(nameof(ResBottleneckBlock))
    {
        this.proj = proj;
        this.f = f;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor shortcut = proj is null ? x : proj.call(x);
        return f.call(x).add_(shortcut, HeldScalars.One).relu_().MoveToOuterDisposeScope();
    }
}

/// <summary>torchvision's weight initialisation for the mobile and RegNet families.</summary>
public static class Initialization
{
    /// <summary>Kaiming-normal (fan-out) convolutions, BN weight 1 and bias 0, and Linear layers as torchvision does:
    /// normal(0, 0.01) (MobileNetV3, RegNet) or uniform(±1/√out) (EfficientNet); zero biases.</summary>
    public static void Torchvision(Module module, bool uniformLinear = false)
    {
        using var noGrad = torch.no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            switch (child)
            {
                case Conv2d conv:
                    init.kaiming_normal_(conv.weight, mode: init.FanInOut.FanOut);
                    if (conv.bias is not null) init.zeros_(conv.bias);
                    break;
                case BatchNorm bn:
                    init.ones_(bn.weight);
                    init.zeros_(bn.bias);
                    break;
                case Linear linear when uniformLinear:
                    double range = 1.0 / Math.Sqrt(linear.weight!.shape[0]);
                    init.uniform_(linear.weight, -range, range);
                    if (linear.bias is not null) init.zeros_(linear.bias);
                    break;
                case Linear linear:
                    init.normal_(linear.weight, 0, 0.01);
                    if (linear.bias is not null) init.zeros_(linear.bias);
                    break;
            }
        }
    }
}
