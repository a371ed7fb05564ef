// Shared vocabulary (src/Architectures/Vocabulary): compiled into the runtime and, linked, into the netstandard2.0
// source generator, which reads attribute arguments into these very types. In the generator (ARCHITECTURES_GENERATOR)
// the namespace differs, so the two copies never meet where both assemblies are referenced (the tests).
#if ARCHITECTURES_GENERATOR
namespace Architectures.Generators.Vocabulary;
#else
namespace Architectures;
#endif

/// <summary>The residual unit a <see cref="ResNetAttribute"/> network is built from.</summary>
public enum Block
{
    /// <summary>Two 3×3 convolutions (ResNet-18/34); expansion 1.</summary>
    Basic,
    /// <summary>1×1 → 3×3 → 1×1 convolutions (ResNet-50/101/152, ResNeXt); expansion 4.</summary>
    Bottleneck,
}

/// <summary>The layers before the first stage.</summary>
public enum Stem
{
    /// <summary>7×7 convolution with stride 2, batch norm, ReLU, 3×3 max-pool with stride 2 (224 px inputs).</summary>
    ImageNet,
    /// <summary>3×3 convolution with stride 1, batch norm, ReLU, no pooling (28–32 px inputs, CIFAR/Fashion-MNIST ResNets).</summary>
    SmallImage,
    /// <summary>
    /// ResNet-D's deep stem (timm's <c>stem_type='deep'</c>): three 3×3 convolutions, the first with stride 2, to half the
    /// first stage's width, half, then the full width (32, 32, 64 for ResNet-50-D), each but the last followed by batch
    /// norm and ReLU (keys <c>conv1.0</c>, <c>conv1.1</c>, <c>conv1.3</c>, <c>conv1.4</c>, <c>conv1.6</c>), then
    /// <c>bn1</c>, ReLU and the 3×3 max-pool with stride 2.
    /// </summary>
    Deep,
}

/// <summary>How a residual unit's projection shortcut (<c>downsample</c>) changes width and resolution.</summary>
public enum Shortcut
{
    /// <summary>A strided 1×1 convolution and batch norm (torchvision; keys <c>downsample.0</c>, <c>downsample.1</c>).</summary>
    Convolution,
    /// <summary>
    /// ResNet-D's shortcut (timm's <c>avg_down</c>): a 2×2 average pool with stride 2 (ceil mode, padding not counted)
    /// where the unit strides, then a stride-1 1×1 convolution and batch norm (keys <c>downsample.1</c>,
    /// <c>downsample.2</c>; <c>downsample.0</c> is the pool, an identity in a stride-1 unit).
    /// </summary>
    AveragePool,
}

/// <summary>Which convolution of a bottleneck carries the stride of a down-sampling unit.</summary>
public enum StrideOn
{
    /// <summary>The 3×3 convolution, as torchvision and timm do ("ResNet v1.5").</summary>
    Conv3x3,
    /// <summary>The first 1×1 convolution, as the original ResNet and SENet papers do (fewer multiply-adds).</summary>
    FirstConv1x1,
}

/// <summary>Where the SE block sits relative to the residual unit (SENet paper, Fig. 5 and Table 15).</summary>
public enum SEPlacement
{
    /// <summary>On the residual branch, before the addition (Fig. 5b).</summary>
    Standard,
    /// <summary>Before the residual unit, on the branch input (SE-PRE, Fig. 5c).</summary>
    Pre,
    /// <summary>After the addition and its ReLU (SE-POST, Fig. 5d).</summary>
    Post,
    /// <summary>On the identity (shortcut) branch, in parallel with the residual branch (SE-Identity, Fig. 5e).</summary>
    Identity,
    /// <summary>Inside a bottleneck, after the 3×3 convolution (Table 15); squeezes the bottleneck width.</summary>
    AfterConv3x3,
    /// <summary>No SE block (the plain unit), e.g. to switch a stage off.</summary>
    None,
}

/// <summary>How the squeeze reduces each channel's H×W map to one number (Table 11).</summary>
public enum Squeeze
{
    /// <summary>Global average pooling (the paper's choice).</summary>
    Average,
    /// <summary>Global max pooling.</summary>
    Max,
    /// <summary>Both, through the same excitation, summed before the gate (CBAM's channel attention).</summary>
    AverageAndMax,
}

/// <summary>The excitation's final non-linearity (Table 12).</summary>
public enum Gate
{
    /// <summary>σ, the paper's choice: weights in (0, 1).</summary>
    Sigmoid,
    /// <summary>tanh: weights in (−1, 1).</summary>
    Tanh,
    /// <summary>ReLU: unbounded non-negative weights.</summary>
    ReLU,
    /// <summary>Piecewise-linear σ, relu6(x + 3) / 6 (MobileNetV3).</summary>
    HardSigmoid,
}

/// <summary>The non-linearity inside an excitation (δ in the paper) or a mobile block.</summary>
public enum Activation
{
    ReLU,
    ReLU6,
    /// <summary>x · σ(x), a.k.a. swish (EfficientNet).</summary>
    SiLU,
    /// <summary>x · relu6(x + 3) / 6 (MobileNetV3).</summary>
    HardSwish,
    GELU,
}

/// <summary>The member of the SE family an excitation is (timm's attention modules).</summary>
public enum ExcitationKind
{
    /// <summary>Squeeze, two fully-connected layers C → C/r → C, gate (Hu et al.).</summary>
    SqueezeExcitation,
    /// <summary>Effective SE: one fully-connected layer C → C (CenterMask); C² + C parameters.</summary>
    EffectiveSE,
    /// <summary>ECA: a 1-D convolution of odd size k(C) across the squeezed channels, no bias (ECA-Net).</summary>
    ECA,
    /// <summary>ECA with circular padding (CECA).</summary>
    CircularECA,
    /// <summary>CBAM's channel attention: a shared bias-free MLP over average and max descriptors.</summary>
    CbamChannel,
    /// <summary>Gather-excite θ⁻: the gate of the global average, no parameters.</summary>
    GatherExcite,
    /// <summary>No squeeze: the two layers are 1×1 convolutions over the full map (paper Table 16).</summary>
    NoSqueeze,
    /// <summary>
    /// Coordinate attention (Hou et al. 2021, timm's CoordAttn): row and column strip squeezes through a shared
    /// C → hidden 1×1 convolution with batch norm and hard-swish, then one C-wide gate per direction. timm's defaults
    /// when the kind is named: hidden make_divisible(C · 2 / (3r), 8) without the round limit, no bias, hard-swish;
    /// 3·C·hidden + 2·hidden parameters.
    /// </summary>
    CoordinateAttention,
}

/// <summary>The width an excitation's reduction is computed from.</summary>
public enum ReferenceWidth
{
    /// <summary>The channels the excitation acts on.</summary>
    Channels,
    /// <summary>The unit's input width (EfficientNet: max(1, input/4); RegNetY: round(input/4)).</summary>
    BlockInput,
    /// <summary>The expanded (depthwise) width of an inverted residual (MobileNetV3: make_divisible(expanded/4, 8)).</summary>
    Expanded,
    /// <summary>The unit's output width.</summary>
    BlockOutput,
}

/// <summary>How channels / r becomes a whole number when no divisor is given.</summary>
public enum Rounding
{
    /// <summary>Round down (senet.py's C // r).</summary>
    Floor,
    /// <summary>Round to nearest, ties to even (Python's round; torchvision's RegNet).</summary>
    Nearest,
}
