using Architectures;

namespace SENetwork;

// Two networks one attribute apart: a ResNet-20 for 28×28 grayscale images (Fashion-MNIST) and its
// Squeeze-and-Excitation twin. The build prints their parameter and multiply-add counts; change the attributes
// and the counts follow. `dotnet run -- report SEResNet20` shows the per-layer table.

[ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage,
        InputChannels = 1, Classes = 10, InputSize = 28)]
public partial class ResNet20;

[ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage,
        InputChannels = 1, Classes = 10, InputSize = 28)]
[SEBlock(Reduction = 4)]
[ExpectParameters(280_670)]     // the build fails (ARCH040) if the declaration no longer has this many parameters
public partial class SEResNet20;
