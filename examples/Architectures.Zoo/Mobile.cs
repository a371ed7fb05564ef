using Architectures;

namespace Architectures.Zoo;

// torchvision's SE networks beyond ResNet, declared with its layouts and state_dict keys; the counts are torchvision's.

/// <summary>torchvision's mobilenet_v3_small: SE squeezes the expanded width to make_divisible(expanded / 4, 8), hard-sigmoid gate.</summary>
[MobileNetV3(StemChannels = 16, LastChannel = 1024)]
[SEBlock(Reduction = 4, Divisor = 8, Reference = ReferenceWidth.Expanded, Gate = Gate.HardSigmoid)]
[InvertedResidual(3, 16, 16, 2, SE = true)]
[InvertedResidual(3, 72, 24, 2)]
[InvertedResidual(3, 88, 24, 1)]
[InvertedResidual(5, 96, 40, 2, SE = true, Activation = Activation.HardSwish)]
[InvertedResidual(5, 240, 40, 1, SE = true, Activation = Activation.HardSwish)]
[InvertedResidual(5, 240, 40, 1, SE = true, Activation = Activation.HardSwish)]
[InvertedResidual(5, 120, 48, 1, SE = true, Activation = Activation.HardSwish)]
[InvertedResidual(5, 144, 48, 1, SE = true, Activation = Activation.HardSwish)]
[InvertedResidual(5, 288, 96, 2, SE = true, Activation = Activation.HardSwish)]
[InvertedResidual(5, 576, 96, 1, SE = true, Activation = Activation.HardSwish)]
[InvertedResidual(5, 576, 96, 1, SE = true, Activation = Activation.HardSwish)]
[ExpectParameters(2_542_856)]
public partial class MobileNetV3Small;

/// <summary>torchvision's mobilenet_v3_large.</summary>
[MobileNetV3(StemChannels = 16, LastChannel = 1280)]
[SEBlock(Reduction = 4, Divisor = 8, Reference = ReferenceWidth.Expanded, Gate = Gate.HardSigmoid)]
[InvertedResidual(3, 16, 16, 1)]
[InvertedResidual(3, 64, 24, 2)]
[InvertedResidual(3, 72, 24, 1)]
[InvertedResidual(5, 72, 40, 2, SE = true)]
[InvertedResidual(5, 120, 40, 1, SE = true)]
[InvertedResidual(5, 120, 40, 1, SE = true)]
[InvertedResidual(3, 240, 80, 2, Activation = Activation.HardSwish)]
[InvertedResidual(3, 200, 80, 1, Activation = Activation.HardSwish)]
[InvertedResidual(3, 184, 80, 1, Activation = Activation.HardSwish)]
[InvertedResidual(3, 184, 80, 1, Activation = Activation.HardSwish)]
[InvertedResidual(3, 480, 112, 1, SE = true, Activation = Activation.HardSwish)]
[InvertedResidual(3, 672, 112, 1, SE = true, Activation = Activation.HardSwish)]
[InvertedResidual(5, 672, 160, 2, SE = true, Activation = Activation.HardSwish)]
[InvertedResidual(5, 960, 160, 1, SE = true, Activation = Activation.HardSwish)]
[InvertedResidual(5, 960, 160, 1, SE = true, Activation = Activation.HardSwish)]
[ExpectParameters(5_483_032)]
public partial class MobileNetV3Large;

/// <summary>torchvision's efficientnet_b0: every MBConv squeezes the expanded width to max(1, block input / 4), SiLU inside.</summary>
[EfficientNet(StemChannels = 32, HeadChannels = 1280, StochasticDepth = 0.2)]
[SEBlock(Reduction = 4, Reference = ReferenceWidth.BlockInput, MinChannels = 1, Activation = Activation.SiLU)]
[MBConvStage(1, 3, 1, 16, 1)]
[MBConvStage(6, 3, 2, 24, 2)]
[MBConvStage(6, 5, 2, 40, 2)]
[MBConvStage(6, 3, 2, 80, 3)]
[MBConvStage(6, 5, 1, 112, 3)]
[MBConvStage(6, 5, 2, 192, 4)]
[MBConvStage(6, 3, 1, 320, 1)]
[ExpectParameters(5_288_548)]
public partial class EfficientNetB0;

/// <summary>torchvision's efficientnet_b1: B0 deepened 1.1× (⌈layers × 1.1⌉), the family's SE preset; counted at its 240 px evaluation size.</summary>
[EfficientNet(WidthMultiplier = 1.0, DepthMultiplier = 1.1, Dropout = 0.2, InputSize = 240)]
[SEBlock]
[ExpectParameters(7_794_184)]
public partial class EfficientNetB1;

/// <summary>torchvision's efficientnet_b2: widths make_divisible(c × 1.1, 8), depths ⌈layers × 1.2⌉; counted at 288 px.</summary>
[EfficientNet(WidthMultiplier = 1.1, DepthMultiplier = 1.2, Dropout = 0.3, InputSize = 288)]
[SEBlock]
[ExpectParameters(9_109_994)]
public partial class EfficientNetB2;

/// <summary>torchvision's efficientnet_b3, counted at 300 px.</summary>
[EfficientNet(WidthMultiplier = 1.2, DepthMultiplier = 1.4, Dropout = 0.3, InputSize = 300)]
[SEBlock]
[ExpectParameters(12_233_232)]
public partial class EfficientNetB3;

/// <summary>torchvision's regnet_y_400mf: SE on the bottleneck width, round(block input / 4) wide.</summary>
[RegNet(1, 3, 6, 6, Widths = new[] { 48, 104, 208, 440 }, GroupWidth = 8)]
[SEBlock(Reduction = 4, Reference = ReferenceWidth.BlockInput, Rounding = Rounding.Nearest)]
[ExpectParameters(4_344_144)]
public partial class RegNetY400MF;

/// <summary>
/// torchvision's regnet_y_800mf, from the paper's parameters (stages 1-3-8-2 of widths 64-144-320-784 follow) and the
/// family's SE preset (se_ratio 0.25 of the block input).
/// </summary>
[RegNet(Depth = 14, InitialWidth = 56, WidthSlope = 38.84, WidthMultiplier = 2.4, GroupWidth = 16)]
[SEBlock]
[ExpectParameters(6_432_512)]
public partial class RegNetY800MF;

/// <summary>torchvision's mobilenet_v2: inverted residuals with ReLU6 and no SE.</summary>
[MobileNetV2(StemChannels = 32, LastChannel = 1280)]
[MBConvStage(1, 3, 1, 16, 1)]
[MBConvStage(6, 3, 2, 24, 2)]
[MBConvStage(6, 3, 2, 32, 3)]
[MBConvStage(6, 3, 2, 64, 4)]
[MBConvStage(6, 3, 1, 96, 3)]
[MBConvStage(6, 3, 2, 160, 3)]
[MBConvStage(6, 3, 1, 320, 1)]
[ExpectParameters(3_504_872)]
public partial class MobileNetV2;

/// <summary>MobileNetV2 with an SE block after every depthwise convolution (MobileNetV3's excitation, as a variant).</summary>
[MobileNetV2(StemChannels = 32, LastChannel = 1280)]
[SEBlock(Variant = typeof(HardSE))]
[MBConvStage(1, 3, 1, 16, 1)]
[MBConvStage(6, 3, 2, 24, 2)]
[MBConvStage(6, 3, 2, 32, 3)]
[MBConvStage(6, 3, 2, 64, 4)]
[MBConvStage(6, 3, 1, 96, 3)]
[MBConvStage(6, 3, 2, 160, 3)]
[MBConvStage(6, 3, 1, 320, 1)]
public partial class SEMobileNetV2;
