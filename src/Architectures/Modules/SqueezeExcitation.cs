using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Architectures.Modules;

/// <summary>
/// The Squeeze-and-Excitation block of Hu et al.: s = gate(fc2(ReLU(fc1(squeeze(u))))), x̃ = s · u.
/// fc1 and fc2 are 1×1 convolutions, as in timm, so the state_dict keys are <c>fc1.weight</c>, <c>fc2.bias</c>, ….
/// </summary>
/// <remarks>
/// On a squeezed [N, C, 1, 1] input a 1×1 convolution is a matrix product, so the excitation runs the convolution
/// weights as <see cref="functional.linear"/> on [N, C] (a view of the same parameters: same values, same gradients,
/// no convolution set-up per call).
/// </remarks>
/// <remarks>
/// Not sealed: a reusable variant declared with [Excitation] is generated as a subclass that fixes the knobs.
/// With <see cref="Squeeze.AverageAndMax"/> both descriptors go through the shared layers and are summed before the
/// gate: with <c>bias: false</c> that is CBAM's channel attention.
/// </remarks>
public class SqueezeExcitation : Module<Tensor, Tensor>, IExcitation
{
    static readonly long[] SpatialDims = { 2, 3 };

    private readonly Conv2d fc1;
    private readonly Conv2d fc2;

    public SqueezeExcitation(long channels, long reducedChannels, Squeeze squeeze = Squeeze.Average,
        Gate gate = Gate.Sigmoid, bool bias = true, Activation activation = Activation.ReLU) : base(nameof(SqueezeExcitation))
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "must be positive");
        if (reducedChannels <= 0) throw new ArgumentOutOfRangeException(nameof(reducedChannels), reducedChannels, "must be positive");
        Channels = channels;
        ReducedChannels = reducedChannels;
        SqueezeKind = squeeze;
        GateKind = gate;
        ActivationKind = activation;
        fc1 = Conv2d(channels, reducedChannels, kernel_size: 1, bias: bias);
        fc2 = Conv2d(reducedChannels, channels, kernel_size: 1, bias: bias);
        RegisterComponents();
    }

    public long Channels { get; }
    public long ReducedChannels { get; }
    public Squeeze SqueezeKind { get; }
    public Gate GateKind { get; }
    public Activation ActivationKind { get; }

    /// <summary>When set, receives each excitation (detached, shape [N, C]) — for the paper's Section 7.2 analysis.</summary>
    public Action<Tensor>? ExcitationObserver { get; set; }

    /// <summary>The channel weights s, shape [N, C, 1, 1].</summary>
    public Tensor Excite(Tensor u)
    {
        // Mean over H, W measured slightly faster than adaptive_avg_pool2d here.
        if (SqueezeKind != Squeeze.AverageAndMax)
        {
            using var z = SqueezeKind == Squeeze.Average ? u.mean(SpatialDims) : u.amax(SpatialDims);
            return ExciteSqueezed(z);
        }
        using var average = u.mean(SpatialDims);
        using var maximum = u.amax(SpatialDims);
        using Tensor logits = Logits(average);
        using Tensor maxLogits = Logits(maximum);
        return Gated(logits.add_(maxLogits, HeldScalars.One));
    }

    /// <summary>
    /// The excitation from an already squeezed descriptor z of shape [N, C] (the channel means or maxima of u);
    /// returns s with shape [N, C, 1, 1]. Lets a caller compute z more cheaply than from u itself, e.g. a folded
    /// bottleneck squeezes before its last 1×1 convolution (the mean commutes with it).
    /// </summary>
    public Tensor ExciteSqueezed(Tensor z)
    {
        using Tensor logits = Logits(z);
        return Gated(logits);
    }

    /// <summary>fc2(δ(fc1(z))) on [N, C]: the excitation before its gate.</summary>
    private Tensor Logits(Tensor z)
    {
        using var w1 = fc1.weight!.flatten(1);
        using var w2 = fc2.weight!.flatten(1);
        using var hidden = Nonlinearities.ActivateInPlace(functional.linear(z, w1, fc1.bias), ActivationKind);
        return functional.linear(hidden, w2, fc2.bias);
    }

    /// <summary>Gates the logits in place and returns them as [N, C, 1, 1].</summary>
    private Tensor Gated(Tensor logits)
    {
        // In-place ops return the tensor they were called on: `logits` itself is gated.
        Nonlinearities.GateInPlace(logits, GateKind);
        ExcitationObserver?.Invoke(logits.detach());
        return logits.view(logits.shape[0], logits.shape[1], 1, 1);
    }

    /// <summary>x̃ = s · u (a new tensor; blocks fuse the scaling into their own arithmetic instead).</summary>
    public override Tensor forward(Tensor u)
    {
        using var s = Excite(u);
        return u * s;
    }
}
