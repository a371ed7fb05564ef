using Architectures;

namespace Architectures.Zoo;

// ImageNet networks with the figures torchvision/timm count (see the tests for the runtime check).

/// <summary>torchvision's resnet50: the plain twin of <see cref="SEResNet50"/>.</summary>
[ResNet(Block.Bottleneck, 3, 4, 6, 3)]
[ExpectParameters(25_557_032)]
public partial class ResNet50;

/// <summary>The paper's SE-ResNet-50 (r = 16), with timm's key names; one attribute away from <see cref="ResNet50"/>.</summary>
[ResNet(Block.Bottleneck, 3, 4, 6, 3)]
[SEBlock(Reduction = 16, Placement = SEPlacement.Standard)]
[ExpectParameters(28_088_024)]
public partial class SEResNet50;

[ResNet(Block.Basic, 2, 2, 2, 2)]
[ExpectParameters(11_689_512)]
public partial class ResNet18;

[ResNet(Block.Basic, 2, 2, 2, 2)]
[SEBlock(Reduction = 16)]
[ExpectParameters(11_778_592)]
public partial class SEResNet18;

[ResNet(Block.Basic, 3, 4, 6, 3)]
[ExpectParameters(21_797_672)]
public partial class ResNet34;

[ResNet(Block.Basic, 3, 4, 6, 3)]
[SEBlock(Reduction = 16)]
public partial class SEResNet34;

[ResNet(Block.Bottleneck, 3, 4, 23, 3)]
[SEBlock(Reduction = 16)]
[ExpectParameters(49_326_872)]
public partial class SEResNet101;

[ResNet(Block.Bottleneck, 3, 8, 36, 3)]
[SEBlock(Reduction = 16)]
[ExpectParameters(66_821_848)]
public partial class SEResNet152;

[ResNet(Block.Bottleneck, 3, 4, 6, 3, Cardinality = 32, BaseWidth = 4)]
[ExpectParameters(25_028_904)]
public partial class ResNeXt50_32x4d;

/// <summary>SE-ResNeXt-50 32×4d: 32 groups of 4 channels per 64 planes in every 3×3 convolution.</summary>
[ResNet(Block.Bottleneck, 3, 4, 6, 3, Cardinality = 32, BaseWidth = 4)]
[SEBlock(Reduction = 16)]
[ExpectParameters(27_559_896)]
public partial class SEResNeXt50_32x4d;

/// <summary>ResNet-50 as the SENet paper counts it: stride on the first 1×1 convolution (3.86 GMACs).</summary>
[ResNet(Block.Bottleneck, 3, 4, 6, 3, StrideOn = StrideOn.FirstConv1x1)]
[ExpectMultiplyAdds(3_857_973_248)]
public partial class PaperResNet50;

/// <summary>The paper's SE-ResNet-50 layout: its Table 2 figure of 3.87 GMACs.</summary>
[ResNet(Block.Bottleneck, 3, 4, 6, 3, StrideOn = StrideOn.FirstConv1x1)]
[SEBlock(Reduction = 16)]
[ExpectParameters(28_088_024)]
public partial class PaperSEResNet50;

/// <summary>
/// timm's resnet50d (ResNet-D, Bag of Tricks): deep stem 3×3/2 32 → 32 → 64 and an average-pool projection shortcut.
/// 25,576,264 parameters: resnet50 − the 7×7 stem (9,408) + the deep stem (28,640); checked against a PyTorch
/// re-implementation (scripts/resnet_d_reference.py).
/// </summary>
[ResNet(Block.Bottleneck, 3, 4, 6, 3, Stem = Stem.Deep, Shortcut = Shortcut.AveragePool)]
[ExpectParameters(25_576_264)]
public partial class ResNet50D;

/// <summary>SE-ResNet-50-D (timm's seresnet50 layout on ResNet-D): <see cref="ResNet50D"/> plus SE r = 16 (2,530,992).</summary>
[ResNet(Block.Bottleneck, 3, 4, 6, 3, Stem = Stem.Deep, Shortcut = Shortcut.AveragePool)]
[SEBlock(Reduction = 16)]
[ExpectParameters(28_107_256)]
public partial class SEResNet50D;
