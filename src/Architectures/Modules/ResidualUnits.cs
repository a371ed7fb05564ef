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
        Sequential(Conv2d(inChannels, outChannels, kernel_size: 1, stride: stride, bias: false), BatchNorm2d(outChannels));

    /// <summary>A k×k convolution without bias, padded to keep the size at stride 1.</summary>
    public static Conv2d Conv(long inChannels, long outChannels, long kernel, long stride = 1, long groups = 1) =>
        Conv2d(inChannels, outChannels, kernel_size: kernel, stride: stride, padding: kernel / 2, groups: groups, bias: false);

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
                case BatchNorm2d bn:
                    init.ones_(bn.weight);
                    init.zeros_(bn.bias);
                    break;
            }
        }
    }
}

/// <summary>Shared forward logic of the residual units: where the SE block acts, and the fused residual sum.</summary>
public abstract class ResidualUnit : Module<Tensor, Tensor>
{
    protected ResidualUnit(string name, SqueezeExcitation? se, SEPlacement placement, Module<Tensor, Tensor>? downsample)
        : base(name)
    {
        if (se is null && placement != SEPlacement.None)
            throw new ArgumentException($"placement {placement} needs an SE block", nameof(placement));
        Placement = se is null ? SEPlacement.None : placement;
        SE = se;
        Downsample = downsample;
    }

    public SEPlacement Placement { get; }
    internal SqueezeExcitation? SE { get; }
    internal Module<Tensor, Tensor>? Downsample { get; }

    /// <summary>The residual branch up to (and including) its last batch norm, without the final ReLU.</summary>
    protected abstract Tensor Branch(Tensor x);

    public sealed override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor shortcut = Downsample is null ? x : Downsample.call(x);
        Tensor output;
        switch (Placement)
        {
            case SEPlacement.Standard:
            {
                // relu(shortcut + s·u): the scale is fused into the residual add (one pass over the map).
                var u = Branch(x);
                output = shortcut.addcmul(u, SE!.Excite(u), 1).relu_();
                break;
            }
            case SEPlacement.Pre:
            {
                var scaled = x * SE!.Excite(x);
                output = Branch(scaled).add_(shortcut).relu_();
                break;
            }
            case SEPlacement.Post:
            {
                // Out of place: ReLU's backward needs its output unchanged.
                var sum = Branch(x).add_(shortcut).relu_();
                output = sum * SE!.Excite(sum);
                break;
            }
            case SEPlacement.Identity:
                output = Branch(x).addcmul_(shortcut, SE!.Excite(shortcut), 1).relu_();
                break;
            default:
                // None, and AfterConv3x3 (applied inside Branch).
                output = Branch(x).add_(shortcut).relu_();
                break;
        }
        return output.MoveToOuterDisposeScope();
    }
}

/// <summary>ResNet's basic unit: two 3×3 convolutions (torchvision's BasicBlock, same state_dict keys).</summary>
public sealed class BasicBlock : ResidualUnit
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly SqueezeExcitation? se;
    private readonly Module<Tensor, Tensor>? downsample;

    public BasicBlock(long inChannels, long planes, long stride = 1, Module<Tensor, Tensor>? downsample = null,
        SqueezeExcitation? se = null, SEPlacement placement = SEPlacement.Standard)
        : base(nameof(BasicBlock), se, se is null ? SEPlacement.None : placement, downsample)
    {
        if (placement == SEPlacement.AfterConv3x3 && se is not null)
            throw new ArgumentException("AfterConv3x3 applies to bottleneck units", nameof(placement));
        conv1 = Layers.Conv(inChannels, planes, 3, stride);
        bn1 = BatchNorm2d(planes);
        conv2 = Layers.Conv(planes, planes, 3);
        bn2 = BatchNorm2d(planes);
        this.se = se;
        this.downsample = downsample;
        RegisterComponents();
    }

    protected override Tensor Branch(Tensor x)
    {
        var y = bn1.call(conv1.call(x)).relu_();
        return bn2.call(conv2.call(y));
    }
}

/// <summary>
/// ResNet's bottleneck unit: 1×1 → 3×3 (grouped for ResNeXt) → 1×1 (torchvision's Bottleneck, same state_dict keys).
/// The stride sits on the 3×3 convolution (torchvision, timm) or on the first 1×1 (the original papers).
/// </summary>
public sealed class Bottleneck : ResidualUnit
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly SqueezeExcitation? se;
    private readonly Module<Tensor, Tensor>? downsample;

    public Bottleneck(long inChannels, long width, long outChannels, long stride = 1, long groups = 1,
        StrideOn strideOn = StrideOn.Conv3x3, Module<Tensor, Tensor>? downsample = null,
        SqueezeExcitation? se = null, SEPlacement placement = SEPlacement.Standard)
        : base(nameof(Bottleneck), se, se is null ? SEPlacement.None : placement, downsample)
    {
        bool strideOnFirst = strideOn == StrideOn.FirstConv1x1;
        conv1 = Layers.Conv(inChannels, width, 1, strideOnFirst ? stride : 1);
        bn1 = BatchNorm2d(width);
        conv2 = Layers.Conv(width, width, 3, strideOnFirst ? 1 : stride, groups);
        bn2 = BatchNorm2d(width);
        conv3 = Layers.Conv(width, outChannels, 1);
        bn3 = BatchNorm2d(outChannels);
        this.se = se;
        this.downsample = downsample;
        RegisterComponents();
    }

    protected override Tensor Branch(Tensor x)
    {
        var y = bn1.call(conv1.call(x)).relu_();
        y = bn2.call(conv2.call(y)).relu_();
        // Out of place: ReLU's backward needs its output unchanged.
        if (Placement == SEPlacement.AfterConv3x3) y = y * se!.Excite(y);
        return bn3.call(conv3.call(y));
    }
}
