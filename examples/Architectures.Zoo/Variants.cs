using Architectures;
using Architectures.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Architectures.Zoo;

// Reusable excitation variants and the SE family (timm's attention modules) on ResNet-50.

/// <summary>MobileNetV3's excitation as a reusable variant: hidden width make_divisible(C / 4, 8), hard-sigmoid gate.</summary>
[Excitation(Reduction = 4, Divisor = 8, Gate = Gate.HardSigmoid)]
public partial class HardSE;

/// <summary>ResNet-18 with the <see cref="HardSE"/> variant in every unit.</summary>
[ResNet(Block.Basic, 2, 2, 2, 2)]
[SEBlock(Variant = typeof(HardSE))]
public partial class HardSEResNet18;

/// <summary>ECA: a 1-D convolution of k(C) = 5, 5, 5, 7 weights per stage; 86 parameters in all.</summary>
[ResNet(Block.Bottleneck, 3, 4, 6, 3)]
[SEBlock(Kind = ExcitationKind.ECA)]
[ExpectParameters(25_557_118)]
public partial class EcaResNet50;

/// <summary>Circular-padded ECA (CECA).</summary>
[ResNet(Block.Bottleneck, 3, 4, 6, 3)]
[SEBlock(Kind = ExcitationKind.CircularECA)]
public partial class CecaResNet50;

/// <summary>Effective SE: one C → C layer per unit (C² + C parameters), hard-sigmoid gate as timm's default.</summary>
[ResNet(Block.Bottleneck, 3, 4, 6, 3)]
[SEBlock(Kind = ExcitationKind.EffectiveSE, Gate = Gate.HardSigmoid)]
public partial class EseResNet50;

/// <summary>CBAM's channel attention: a bias-free shared MLP over the average and max descriptors.</summary>
[ResNet(Block.Bottleneck, 3, 4, 6, 3)]
[SEBlock(Kind = ExcitationKind.CbamChannel, Reduction = 16)]
public partial class CbamChannelResNet50;

/// <summary>Gather-excite θ⁻: the gate of the global average, no parameters at all.</summary>
[ResNet(Block.Bottleneck, 3, 4, 6, 3)]
[SEBlock(Kind = ExcitationKind.GatherExcite)]
[ExpectParameters(25_557_032)]
public partial class GatherExciteResNet50;

/// <summary>The paper's NoSqueeze ablation (Table 16): the excitation's 1×1 layers run on the full map.</summary>
[ResNet(Block.Bottleneck, 3, 4, 6, 3, StrideOn = StrideOn.FirstConv1x1)]
[SEBlock(Kind = ExcitationKind.NoSqueeze)]
public partial class NoSqueezeResNet50;

/// <summary>
/// A hand-written residual block: two 3×3 convolutions written here, SE placed and counted by the generator with
/// the same attribute and placement names as the built-in units. Its batch norms are <see cref="SafeBatchNorm2d"/>,
/// as the generated networks' are: TorchSharp's own can fail a training step when another thread collects garbage.
/// </summary>
[CustomBlock(Channels = 64)]
[SEBlock(Reduction = 16, Placement = SEPlacement.Standard)]
public partial class TwoConvBlock
{
    private readonly Conv2d conv1 = Conv2d(64, 64, kernel_size: 3, padding: 1, bias: false);
    private readonly SafeBatchNorm2d bn1 = new(64);
    private readonly Conv2d conv2 = Conv2d(64, 64, kernel_size: 3, padding: 1, bias: false);
    private readonly SafeBatchNorm2d bn2 = new(64);

    private partial Tensor Branch(Tensor x) => bn2.call(conv2.call(bn1.call(conv1.call(x)).relu_()));
}

/// <summary>
/// Coordinate attention (timm's CoordAttn, its defaults) after every bottleneck's bn3: hidden widths 8, 24, 40, 88 for
/// 256…2048 channels (make_divisible(C · 1/16 · 2/3, 8) without the round limit), 3·C·h + 2·h parameters each,
/// 2,526,432 in all; the total checked against a PyTorch re-implementation (scripts/resnet_d_reference.py).
/// </summary>
[ResNet(Block.Bottleneck, 3, 4, 6, 3)]
[SEBlock(Kind = ExcitationKind.CoordinateAttention)]
[ExpectParameters(28_083_464)]
public partial class CoordAttnResNet50;

/// <summary>timm's CoordAttn as a reusable variant: its hidden-width rule and parameter formula as static methods.</summary>
[Excitation(Kind = ExcitationKind.CoordinateAttention)]
public partial class TimmCoordAttn;
