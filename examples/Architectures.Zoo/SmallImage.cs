using Architectures;

namespace Architectures.Zoo;

// ResNet-20 for 28×28 grayscale images (Fashion-MNIST): 3×3 stem, three stages of three basic units, 16/32/64 channels.

/// <summary>Plain ResNet-20 for Fashion-MNIST: the twin of <see cref="SEResNet20"/>.</summary>
[ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]
[ExpectParameters(272_186)]
public partial class ResNet20;

/// <summary>SE-ResNet-20 (r = 4: the channels are few) for Fashion-MNIST.</summary>
[ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]
[SEBlock(Reduction = 4)]
[ExpectParameters(280_670)]
public partial class SEResNet20;
