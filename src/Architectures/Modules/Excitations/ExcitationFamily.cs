using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Architectures.Modules;

/// <summary>Effective SE (CenterMask, timm's EffectiveSEModule): s = gate(fc(mean(u))), one C → C layer (key <c>fc</c>).</summary>
public class EffectiveSqueezeExcitation : Module<Tensor, Tensor>, IExcitation
{
    private static readonly long[] SpatialDims = { 2, 3 };

    private readonly Conv2d fc;

    public EffectiveSqueezeExcitation(long channels, Gate gate = Gate.Sigmoid, bool bias = true) : base(nameof(EffectiveSqueezeExcitation))
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "must be positive");
        GateKind = gate;
        fc = Conv2d(channels, channels, kernel_size: 1, bias: bias);
        RegisterComponents();
    }

    public Gate GateKind { get; }

    public Tensor Excite(Tensor u)
    {
        using var z = u.mean(SpatialDims, keepdim: true);
        return Nonlinearities.GateInPlace(fc.call(z), GateKind);
    }

    public override Tensor forward(Tensor u)
    {
        using var s = Excite(u);
        return u * s;
    }
}

/// <summary>
/// ECA (Wang et al., timm's EcaModule / CecaModule): a 1-D convolution of odd size k across the squeezed channels,
/// no bias (key <c>conv.weight</c>, shape [1, 1, k]); circular padding for CECA.
/// </summary>
public class EfficientChannelAttention : Module<Tensor, Tensor>, IExcitation
{
    private static readonly long[] SpatialDims = { 2, 3 };

    private readonly Conv1d conv;
    private readonly long padding;

    public EfficientChannelAttention(long channels, long kernelSize, bool circular = false, Gate gate = Gate.Sigmoid)
        : base(circular ? "CircularEfficientChannelAttention" : nameof(EfficientChannelAttention))
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "must be positive");
        if (kernelSize <= 0 || kernelSize % 2 == 0) throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, "must be odd and positive");
        Circular = circular;
        GateKind = gate;
        padding = (kernelSize - 1) / 2;
        // CECA pads circularly itself, so its convolution has no padding of its own (as timm).
        conv = Conv1d(1, 1, kernel_size: kernelSize, padding: circular ? 0 : padding, bias: false);
        RegisterComponents();
    }

    public bool Circular { get; }
    public Gate GateKind { get; }

    public Tensor Excite(Tensor u)
    {
        using var scope = NewDisposeScope();
        Tensor y = u.mean(SpatialDims).unsqueeze(1); // [N, 1, C]
        if (Circular) y = functional.pad(y, new[] { padding, padding }, PaddingModes.Circular);
        Tensor s = Nonlinearities.GateInPlace(conv.call(y), GateKind);
        return s.view(u.shape[0], u.shape[1], 1, 1).MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor u)
    {
        using var s = Excite(u);
        return u * s;
    }
}

/// <summary>Gather-excite θ⁻ (Hu et al. 2018; timm GatherExcite, extent 0, no MLP): s = gate(mean(u)), no parameters.</summary>
public class GatherExcite : Module<Tensor, Tensor>, IExcitation
{
    private static readonly long[] SpatialDims = { 2, 3 };

    public GatherExcite(Gate gate = Gate.Sigmoid) : base(nameof(GatherExcite)) => GateKind = gate;

    public Gate GateKind { get; }

    public Tensor Excite(Tensor u) => Nonlinearities.GateInPlace(u.mean(SpatialDims, keepdim: true), GateKind);

    public override Tensor forward(Tensor u)
    {
        using var s = Excite(u);
        return u * s;
    }
}

/// <summary>
/// The paper's NoSqueeze ablation (Table 16): the excitation's two layers are 1×1 convolutions over the full map,
/// so s has the map's shape [N, C, H, W] (keys <c>fc1</c>, <c>fc2</c>).
/// </summary>
public class NoSqueezeExcitation : Module<Tensor, Tensor>, IExcitation
{
    private readonly Conv2d fc1;
    private readonly Conv2d fc2;

    public NoSqueezeExcitation(long channels, long reducedChannels, Gate gate = Gate.Sigmoid, bool bias = true,
        Activation activation = Activation.ReLU) : base(nameof(NoSqueezeExcitation))
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "must be positive");
        if (reducedChannels <= 0) throw new ArgumentOutOfRangeException(nameof(reducedChannels), reducedChannels, "must be positive");
        GateKind = gate;
        ActivationKind = activation;
        fc1 = Conv2d(channels, reducedChannels, kernel_size: 1, bias: bias);
        fc2 = Conv2d(reducedChannels, channels, kernel_size: 1, bias: bias);
        RegisterComponents();
    }

    public Gate GateKind { get; }
    public Activation ActivationKind { get; }

    public Tensor Excite(Tensor u)
    {
        using var hidden = Nonlinearities.ActivateInPlace(fc1.call(u), ActivationKind);
        return Nonlinearities.GateInPlace(fc2.call(hidden), GateKind);
    }

    public override Tensor forward(Tensor u)
    {
        using var s = Excite(u);
        return u * s;
    }
}
