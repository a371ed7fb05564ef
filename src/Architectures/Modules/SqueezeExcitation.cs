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
public sealed class SqueezeExcitation : Module<Tensor, Tensor>
{
    static readonly long[] SpatialDims = { 2, 3 };

    private readonly Conv2d fc1;
    private readonly Conv2d fc2;

    public SqueezeExcitation(long channels, long reducedChannels, Squeeze squeeze = Squeeze.Average,
        Gate gate = Gate.Sigmoid, bool bias = true) : base(nameof(SqueezeExcitation))
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "must be positive");
        if (reducedChannels <= 0) throw new ArgumentOutOfRangeException(nameof(reducedChannels), reducedChannels, "must be positive");
        Channels = channels;
        ReducedChannels = reducedChannels;
        SqueezeKind = squeeze;
        GateKind = gate;
        fc1 = Conv2d(channels, reducedChannels, kernel_size: 1, bias: bias);
        fc2 = Conv2d(reducedChannels, channels, kernel_size: 1, bias: bias);
        RegisterComponents();
    }

    public long Channels { get; }
    public long ReducedChannels { get; }
    public Squeeze SqueezeKind { get; }
    public Gate GateKind { get; }

    /// <summary>When set, receives each excitation (detached, shape [N, C]) — for the paper's Section 7.2 analysis.</summary>
    public Action<Tensor>? ExcitationObserver { get; set; }

    /// <summary>The channel weights s, shape [N, C, 1, 1].</summary>
    public Tensor Excite(Tensor u)
    {
        // Mean over H, W measured slightly faster than adaptive_avg_pool2d here.
        using var z = SqueezeKind == Squeeze.Average ? u.mean(SpatialDims, keepdim: true) : u.amax(SpatialDims, keepdim: true);
        using var hidden = fc1.call(z).relu_();
        var s = fc2.call(hidden);
        s = GateKind switch
        {
            Gate.Sigmoid => s.sigmoid_(),
            Gate.Tanh => s.tanh_(),
            _ => s.relu_(),
        };
        ExcitationObserver?.Invoke(s.detach().flatten(1));
        return s;
    }

    /// <summary>x̃ = s · u (a new tensor; blocks fuse the scaling into their own arithmetic instead).</summary>
    public override Tensor forward(Tensor u)
    {
        using var s = Excite(u);
        return u * s;
    }
}
