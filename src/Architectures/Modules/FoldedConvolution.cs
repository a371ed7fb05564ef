using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Architectures.Modules;

/// <summary>
/// A convolution with the batch norm that follows it folded in, for inference: BN(conv(x)) with the running
/// statistics equals conv'(x) with W' = W·γ/√(σ²+ε) and b' = β + (b − μ)·γ/√(σ²+ε). One pass over the output
/// instead of two. A snapshot: refold after the parameters or statistics change.
/// </summary>
public sealed class FoldedConvolution : IDisposable
{
    private static readonly long[] NoDilation = { 1, 1 };

    private FoldedConvolution(Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation, long groups)
    {
        Weight = weight;
        Bias = bias;
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
        Groups = groups;
    }

    public Tensor Weight { get; private set; }
    public Tensor Bias { get; }
    public long[] Stride { get; }
    public long[] Padding { get; }
    public long[] Dilation { get; }
    public long Groups { get; }

    /// <summary>True for a 1×1 convolution with stride 1 and no groups: a per-pixel matrix product.</summary>
    public bool IsPointwise => Weight.shape[2] == 1 && Weight.shape[3] == 1 && Groups == 1 &&
                               Stride[0] == 1 && Stride[1] == 1 && Padding[0] == 0 && Padding[1] == 0;

    /// <summary>Folds <paramref name="bn"/> (its running statistics and affine parameters) into <paramref name="conv"/>.</summary>
    public static FoldedConvolution Fold(Conv2d conv, BatchNorm bn)
    {
        Tensor runningMean = bn.running_mean ?? throw new InvalidOperationException("batch norm without running statistics cannot be folded");
        Tensor runningVar = bn.running_var ?? throw new InvalidOperationException("batch norm without running statistics cannot be folded");
        using var noGrad = torch.no_grad();
        using var scope = NewDisposeScope();
        using var eps = bn.eps.ToScalar();
        Tensor scale = runningVar.add(eps, HeldScalars.One).rsqrt_();
        if (bn.weight is { } gamma) scale.mul_(gamma);
        Tensor weight = conv.weight!.detach() * scale.view(-1, 1, 1, 1);
        Tensor bias = conv.bias is { } b ? b.detach() - runningMean : runningMean.neg();
        bias.mul_(scale);
        if (bn.bias is { } beta) bias.add_(beta, HeldScalars.One);
        long[] padding = conv.padding is { Length: 2 } p ? (long[])p.Clone() : new long[] { 0, 0 };
        long[] dilation = conv.dilation is { Length: 2 } d ? (long[])d.Clone() : NoDilation;
        var folded = new FoldedConvolution(weight.contiguous(), bias.contiguous(), (long[])conv.stride.Clone(), padding, dilation, conv.groups);
        folded.Weight.MoveToOuterDisposeScope();
        folded.Bias.MoveToOuterDisposeScope();
        return folded;
    }

    public Tensor Apply(Tensor x) => functional.conv2d(x, Weight, Bias, Stride, Padding, Dilation, Groups);

    /// <summary>Stores the weight in channels-last (NHWC) order, the layout oneDNN prefers for channels-last inputs.</summary>
    public void ToChannelsLast()
    {
        using var noGrad = torch.no_grad();
        Tensor old = Weight;
        Weight = Layouts.ToChannelsLast(old);
        old.Dispose();
    }

    public void Dispose()
    {
        Weight.Dispose();
        Bias.Dispose();
    }
}
