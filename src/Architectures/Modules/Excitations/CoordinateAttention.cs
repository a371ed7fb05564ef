using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Architectures.Modules;

/// <summary>
/// Coordinate attention (Hou et al. 2021; timm's <c>CoordAttn</c>): the squeeze keeps one coordinate — the mean over
/// each row (H×1) and over each column (1×W) — a shared 1×1 convolution C → hidden with batch norm and hard-swish
/// encodes both strips, and two 1×1 convolutions hidden → C gate them: s = gate(conv_h(·)) · gate(conv_w(·)), of the
/// map's shape. Keys <c>conv1</c>, <c>bn1</c>, <c>conv_h</c>, <c>conv_w</c>; timm's defaults are no bias and a hidden
/// width of make_divisible(C · 1/16 · 2/3, 8, round_limit 0), which the generator computes.
/// </summary>
public class CoordinateAttention : Module<Tensor, Tensor>, IExcitation
{
    private readonly Conv2d conv1;
    private readonly SafeBatchNorm2d bn1;
    private readonly Conv2d conv_h;
    private readonly Conv2d conv_w;

    public CoordinateAttention(long channels, long reducedChannels, Gate gate = Gate.Sigmoid, bool bias = false,
        Activation activation = Activation.HardSwish) : base(nameof(CoordinateAttention))
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "must be positive");
        if (reducedChannels <= 0) throw new ArgumentOutOfRangeException(nameof(reducedChannels), reducedChannels, "must be positive");
        GateKind = gate;
        ActivationKind = activation;
        conv1 = Conv2d(channels, reducedChannels, kernel_size: 1, bias: bias);
        bn1 = new SafeBatchNorm2d(reducedChannels);
        conv_h = Conv2d(reducedChannels, channels, kernel_size: 1, bias: bias);
        conv_w = Conv2d(reducedChannels, channels, kernel_size: 1, bias: bias);
        RegisterComponents();
    }

    public Gate GateKind { get; }
    public Activation ActivationKind { get; }

    /// <summary>The gate for u [N, C, H, W]: the product of the row gate [N, C, H, 1] and the column gate [N, C, 1, W].</summary>
    public Tensor Excite(Tensor u)
    {
        using var scope = NewDisposeScope();
        long height = u.shape[2], width = u.shape[3];
        // Both strips through the shared encoder in one call, as timm does: [N, C, H + W, 1].
        Tensor rows = u.mean(new long[] { 3 }, keepdim: true);
        Tensor columns = u.mean(new long[] { 2 }, keepdim: true).transpose(-1, -2);
        Tensor encoded = Nonlinearities.ActivateInPlace(bn1.call(conv1.call(cat(new[] { rows, columns }, 2))), ActivationKind);
        Tensor[] strips = encoded.split(new[] { height, width }, 2);
        Tensor rowGate = Nonlinearities.GateInPlace(conv_h.call(strips[0]), GateKind);
        Tensor columnGate = Nonlinearities.GateInPlace(conv_w.call(strips[1].transpose(-1, -2)), GateKind);
        return rowGate.mul(columnGate).MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor u)
    {
        using var s = Excite(u);
        return u * s;
    }
}
