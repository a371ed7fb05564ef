using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Architectures.Modules;

/// <summary>Building blocks shared by the residual units and the generated networks.</summary>
public static class Layers
{
    /// <summary>The projection shortcut <c>downsample</c>: 1×1 convolution (no bias) and batch norm, keys <c>0</c>, <c>1</c>.</summary>
    public static Sequential Projection(long inChannels, long outChannels, long stride) =>
        Sequential(Conv2d(inChannels, outChannels, kernel_size: 1, stride: stride, bias: false), new SafeBatchNorm2d(outChannels));

    /// <summary>
    /// ResNet-D's projection shortcut (timm's <c>downsample_avg</c>): a 2×2 average pool with stride 2, ceil mode and
    /// padding not counted (an identity at stride 1), then a 1×1 convolution (no bias) and batch norm; keys <c>0</c>
    /// (the pool, no parameters), <c>1</c>, <c>2</c>.
    /// </summary>
    public static Sequential AveragePoolProjection(long inChannels, long outChannels, long stride)
    {
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(stride), stride, "must be positive");
        Module<Tensor, Tensor> pool = stride == 1
            ? Identity()
            : AvgPool2d(kernel_size: 2, stride: stride, ceil_mode: true, count_include_pad: false);
        return Sequential(pool, Conv2d(inChannels, outChannels, kernel_size: 1, bias: false), new SafeBatchNorm2d(outChannels));
    }

    /// <summary>
    /// ResNet-D's deep stem convolutions (timm's <c>stem_type='deep'</c>): 3×3/2 to <paramref name="stemWidth"/>, BN,
    /// ReLU, 3×3 to <paramref name="stemWidth"/>, BN, ReLU, 3×3 to <paramref name="outChannels"/>; keys <c>0</c>,
    /// <c>1</c>, <c>3</c>, <c>4</c>, <c>6</c>. The network's own <c>bn1</c>, ReLU and max-pool follow.
    /// </summary>
    public static Sequential DeepStem(long inChannels, long stemWidth, long outChannels) =>
        Sequential(
            Conv(inChannels, stemWidth, 3, stride: 2), new SafeBatchNorm2d(stemWidth), ReLU(inplace: true),
            Conv(stemWidth, stemWidth, 3), new SafeBatchNorm2d(stemWidth), ReLU(inplace: true),
            Conv(stemWidth, outChannels, 3));

    /// <summary>A k×k convolution without bias, padded to keep the size at stride 1.</summary>
    public static Conv2d Conv(long inChannels, long outChannels, long kernel, long stride = 1, long groups = 1) =>
        Conv2d(inChannels, outChannels, kernel_size: kernel, stride: stride, padding: kernel / 2, groups: groups, bias: false);

    /// <summary>
    /// Puts a network in its inference form: eval mode, and every residual unit's batch norms folded into their
    /// convolutions (<see cref="ResidualUnit.FoldBatchNorm"/>). Layers outside the units (a generated stem) keep their
    /// batch norm. <c>train()</c> undoes the folding. Returns the number of folded units.
    /// </summary>
    public static int ForInference(Module network, bool channelsLast = false)
    {
        network.eval();
        int units = 0;
        foreach (var (_, child) in network.named_modules())
        {
            if (child is not ResidualUnit unit) continue;
            unit.FoldBatchNorm(channelsLast);
            units++;
        }
        return units;
    }

    /// <summary>torchvision's ResNet initialisation: Kaiming-normal (fan-out, ReLU) convolutions, BN weight 1 and bias 0.</summary>
    public static void InitializeResNet(Module module)
    {
        using var noGrad = torch.no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            switch (child)
            {
                case Conv2d conv:
                    init.kaiming_normal_(conv.weight, mode: init.FanInOut.FanOut, nonlinearity: init.NonlinearityType.ReLU);
                    break;
                case BatchNorm bn:
                    init.ones_(bn.weight);
                    init.zeros_(bn.bias);
                    break;
            }
        }
    }
}

/// <summary>Shared forward logic of the residual units: where the SE block acts, and the fused residual sum.</summary>
/// <remarks>
/// The forward is the straightforward one, relu(shortcut + SE(branch(x))) and its placements, written with fewer
/// passes over the feature map: the SE scale is fused into the residual add (<c>addcmul</c>), ReLU runs in place, and
/// every intermediate tensor dies with the unit's dispose scope. <see cref="FoldBatchNorm"/> additionally folds every
/// batch norm into its convolution for inference and, for the standard placement with an average squeeze, squeezes
/// the bottleneck before its last 1×1 convolution (a mean commutes with a linear map): ¼ of the map is read.
/// </remarks>
public abstract class ResidualUnit : Module<Tensor, Tensor>
{
    private static readonly long[] SpatialDims = { 2, 3 };

    private (Conv2d Conv, BatchNorm Norm)[] pairs = Array.Empty<(Conv2d, BatchNorm)>();
    private FoldedConvolution[]? folded;
    private FoldedConvolution? foldedDownsample;
    private Module<Tensor, Tensor>? downsamplePool;

    protected ResidualUnit(string name, Module<Tensor, Tensor>? se, SEPlacement placement, Module<Tensor, Tensor>? downsample)
        : base(name)
    {
        if (se is null && placement != SEPlacement.None)
            throw new ArgumentException($"placement {placement} needs an SE block", nameof(placement));
        if (se is not null and not IExcitation)
            throw new ArgumentException($"{se.GetType().Name} is not an excitation (IExcitation)", nameof(se));
        Placement = se is null ? SEPlacement.None : placement;
    }

    public SEPlacement Placement { get; }

    // The children live in the derived classes' fields, which name the state_dict keys; the base only reads them.
    // (A module stored in a base-class field, even an auto-property's, would be registered a second time.)

    /// <summary>The unit's excitation module (key <c>se</c>), or null for a plain unit.</summary>
    protected abstract Module<Tensor, Tensor>? SE { get; }

    /// <summary>The projection shortcut (key <c>downsample</c>), or null for the identity.</summary>
    protected abstract Module<Tensor, Tensor>? Downsample { get; }

    /// <summary>The unit's excitation (any member of the SE family), or null for a plain unit.</summary>
    protected IExcitation? Excitation => SE as IExcitation;

    /// <summary>True after <see cref="FoldBatchNorm"/> until <see cref="UnfoldBatchNorm"/> or <c>train()</c>.</summary>
    public bool IsFolded => folded is not null;

    /// <summary>The branch's convolution/batch-norm pairs in order; the last one ends the branch.</summary>
    protected void SetConvolutions(params (Conv2d Conv, BatchNorm Norm)[] convolutions) => pairs = convolutions;

    /// <summary>BN(conv(x)) for the branch's pair <paramref name="index"/>, folded when in folded inference.</summary>
    protected Tensor ConvNorm(int index, Tensor x) =>
        folded is { } f && !training ? f[index].Apply(x) : pairs[index].Norm.call(pairs[index].Conv.call(x));

    /// <summary>
    /// Inference form: folds each batch norm (running statistics) into its convolution, here and in a conv+BN
    /// projection shortcut. Used while the unit is in eval mode; <c>train()</c> drops it (the statistics change).
    /// Optionally stores the folded weights channels-last (pass channels-last inputs with it).
    /// </summary>
    public void FoldBatchNorm(bool channelsLast = false)
    {
        UnfoldBatchNorm();
        var convolutions = new FoldedConvolution[pairs.Length];
        for (int i = 0; i < pairs.Length; i++) convolutions[i] = FoldedConvolution.Fold(pairs[i].Conv, pairs[i].Norm);
        // The projection: conv + BN (torchvision), or pool/identity + conv + BN (ResNet-D), whose pool stays in front.
        if (Downsample is Sequential { Count: 2 } projection && projection[0] is Conv2d conv && projection[1] is BatchNorm norm)
        {
            foldedDownsample = FoldedConvolution.Fold(conv, norm);
        }
        else if (Downsample is Sequential { Count: 3 } pooled && pooled[0] is Module<Tensor, Tensor> pool &&
                 pooled[1] is Conv2d pooledConv && pooled[2] is BatchNorm pooledNorm)
        {
            foldedDownsample = FoldedConvolution.Fold(pooledConv, pooledNorm);
            downsamplePool = pool is Identity ? null : pool;
        }
        if (channelsLast)
        {
            foreach (FoldedConvolution c in convolutions) c.ToChannelsLast();
            foldedDownsample?.ToChannelsLast();
        }
        folded = convolutions;
    }

    /// <summary>Drops the folded weights; the unit computes with its modules again.</summary>
    public void UnfoldBatchNorm()
    {
        if (folded is not null) foreach (FoldedConvolution c in folded) c.Dispose();
        foldedDownsample?.Dispose();
        folded = null;
        foldedDownsample = null;
        downsamplePool = null;
    }

    public override void train(bool train = true)
    {
        if (train) UnfoldBatchNorm();
        base.train(train);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) UnfoldBatchNorm();
        base.Dispose(disposing);
    }

    /// <summary>The residual branch up to (and including) its last batch norm, without the final ReLU.</summary>
    protected Tensor Branch(Tensor x) => ConvNorm(pairs.Length - 1, Head(x));

    /// <summary>The residual branch up to the input of its last convolution.</summary>
    protected abstract Tensor Head(Tensor x);

    public sealed override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        bool inference = folded is not null && !training;
        Tensor shortcut;
        bool ownShortcut = Downsample is not null;
        if (Downsample is null) shortcut = x;
        else if (inference && foldedDownsample is not null) shortcut = foldedDownsample.Apply(downsamplePool is null ? x : downsamplePool.call(x));
        else shortcut = Downsample.call(x);
        Tensor output;
        switch (Placement)
        {
            case SEPlacement.Standard:
            {
                // relu(shortcut + s·u): the scale is fused into the residual add (one pass over the map).
                Tensor y = Head(x);
                Tensor u = ConvNorm(pairs.Length - 1, y);
                // The squeeze can run before the folded last 1×1 only for the paper's SE with an average squeeze.
                Tensor s = inference && SE is SqueezeExcitation { SqueezeKind: Squeeze.Average } squeeze && folded![^1].IsPointwise
                    ? squeeze.ExciteSqueezed(SqueezeThrough(folded[^1], y))
                    : Excitation!.Excite(u);
                // Without gradients u is this unit's own tensor: scale it in place and add, allocating nothing.
                // Otherwise a projection's output is this unit's own tensor: accumulate into it instead of allocating.
                // An identity shortcut is summed into s·u, not the other way round: the sum takes the memory layout
                // of its first operand, and the branch's is the one the next convolution wants (a channels-last
                // branch after a stem whose 1-channel input left the shortcut NCHW would otherwise turn every later
                // unit NCHW: measured 1.5× slower training steps).
                if (!u.requires_grad && !ownShortcut) output = u.mul_(s).add_(shortcut, HeldScalars.One).relu_();
                else output = (ownShortcut ? shortcut.addcmul_(u, s, HeldScalars.One) : u.mul(s).add_(shortcut, HeldScalars.One)).relu_();
                break;
            }
            case SEPlacement.Pre:
            {
                var scaled = x * Excitation!.Excite(x);
                output = Branch(scaled).add_(shortcut, HeldScalars.One).relu_();
                break;
            }
            case SEPlacement.Post:
            {
                var sum = Branch(x).add_(shortcut, HeldScalars.One).relu_();
                output = ScaleByExcitation(sum, Excitation!.Excite(sum));
                break;
            }
            case SEPlacement.Identity:
                output = Branch(x).addcmul_(shortcut, Excitation!.Excite(shortcut), HeldScalars.One).relu_();
                break;
            default:
                // None, and AfterConv3x3 (applied inside Head).
                output = Branch(x).add_(shortcut, HeldScalars.One).relu_();
                break;
        }
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// x·s after a ReLU: in place when no gradient flows through x; otherwise a new tensor, because ReLU's backward
    /// needs its own output unmodified (an in-place scale there fails autograd's version check).
    /// </summary>
    protected static Tensor ScaleByExcitation(Tensor x, Tensor s) => x.requires_grad ? x.mul(s) : x.mul_(s);

    /// <summary>mean_HW(conv(y)) = W·mean_HW(y) + b for a folded pointwise convolution: the squeeze of its output.</summary>
    private static Tensor SqueezeThrough(FoldedConvolution pointwise, Tensor y)
    {
        using var mean = y.mean(SpatialDims);
        using var weight = pointwise.Weight.flatten(1);
        return functional.linear(mean, weight, pointwise.Bias);
    }
}

/// <summary>ResNet's basic unit: two 3×3 convolutions (torchvision's BasicBlock, same state_dict keys).</summary>
public sealed class BasicBlock : ResidualUnit
{
    private readonly Conv2d conv1;
    private readonly SafeBatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly SafeBatchNorm2d bn2;
    private readonly Module<Tensor, Tensor>? se;
    private readonly Module<Tensor, Tensor>? downsample;

    public BasicBlock(long inChannels, long planes, long stride = 1, Module<Tensor, Tensor>? downsample = null,
        Module<Tensor, Tensor>? se = null, SEPlacement placement = SEPlacement.Standard)
        : base(nameof(BasicBlock), se, se is null ? SEPlacement.None : placement, downsample)
    {
        if (placement == SEPlacement.AfterConv3x3 && se is not null)
            throw new ArgumentException("AfterConv3x3 applies to bottleneck units", nameof(placement));
        conv1 = Layers.Conv(inChannels, planes, 3, stride);
        bn1 = new SafeBatchNorm2d(planes);
        conv2 = Layers.Conv(planes, planes, 3);
        bn2 = new SafeBatchNorm2d(planes);
        this.se = se;
        this.downsample = downsample;
        RegisterComponents();
        SetConvolutions((conv1, bn1), (conv2, bn2));
    }

    protected override Module<Tensor, Tensor>? SE => se;
    protected override Module<Tensor, Tensor>? Downsample => downsample;

    protected override Tensor Head(Tensor x) => ConvNorm(0, x).relu_();
}

/// <summary>
/// ResNet's bottleneck unit: 1×1 → 3×3 (grouped for ResNeXt) → 1×1 (torchvision's Bottleneck, same state_dict keys).
/// The stride sits on the 3×3 convolution (torchvision, timm) or on the first 1×1 (the original papers).
/// </summary>
public sealed class Bottleneck : ResidualUnit
{
    private readonly Conv2d conv1;
    private readonly SafeBatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly SafeBatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly SafeBatchNorm2d bn3;
    private readonly Module<Tensor, Tensor>? se;
    private readonly Module<Tensor, Tensor>? downsample;

    public Bottleneck(long inChannels, long width, long outChannels, long stride = 1, long groups = 1,
        StrideOn strideOn = StrideOn.Conv3x3, Module<Tensor, Tensor>? downsample = null,
        Module<Tensor, Tensor>? se = null, SEPlacement placement = SEPlacement.Standard)
        : base(nameof(Bottleneck), se, se is null ? SEPlacement.None : placement, downsample)
    {
        bool strideOnFirst = strideOn == StrideOn.FirstConv1x1;
        conv1 = Layers.Conv(inChannels, width, 1, strideOnFirst ? stride : 1);
        bn1 = new SafeBatchNorm2d(width);
        conv2 = Layers.Conv(width, width, 3, strideOnFirst ? 1 : stride, groups);
        bn2 = new SafeBatchNorm2d(width);
        conv3 = Layers.Conv(width, outChannels, 1);
        bn3 = new SafeBatchNorm2d(outChannels);
        this.se = se;
        this.downsample = downsample;
        RegisterComponents();
        SetConvolutions((conv1, bn1), (conv2, bn2), (conv3, bn3));
    }

    protected override Module<Tensor, Tensor>? SE => se;
    protected override Module<Tensor, Tensor>? Downsample => downsample;

    protected override Tensor Head(Tensor x)
    {
        var y = ConvNorm(0, x).relu_();
        y = ConvNorm(1, y).relu_();
        if (Placement == SEPlacement.AfterConv3x3) y = ScaleByExcitation(y, Excitation!.Excite(y));
        return y;
    }
}
