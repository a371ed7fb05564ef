using Architectures;

namespace Architectures.Zoo;

// The paper's ablations on ResNet-50 (Tables 10–15), each one declaration away from SEResNet50.

/// <summary>Max squeeze, tanh gate, SE only in the last two stages, r = 8 in the last (Tables 11–13).</summary>
[ResNet(Block.Bottleneck, 3, 4, 6, 3)]
[SEBlock(Reduction = 16, Squeeze = Squeeze.Max, Gate = Gate.Tanh, Stages = new[] { 3, 4 })]
[SEBlock(Stage = 4, Reduction = 8)]
public partial class MaxTanhLateSEResNet50;

/// <summary>SE-PRE (Fig. 5c, Table 14).</summary>
[ResNet(Block.Bottleneck, 3, 4, 6, 3)]
[SEBlock(Placement = SEPlacement.Pre)]
public partial class SEPreResNet50;

/// <summary>SE-POST (Fig. 5d, Table 14).</summary>
[ResNet(Block.Bottleneck, 3, 4, 6, 3)]
[SEBlock(Placement = SEPlacement.Post)]
public partial class SEPostResNet50;

/// <summary>SE-Identity (Fig. 5e, Table 14).</summary>
[ResNet(Block.Bottleneck, 3, 4, 6, 3)]
[SEBlock(Placement = SEPlacement.Identity)]
public partial class SEIdentityResNet50;

/// <summary>SE after the 3×3 convolution (Table 15): fewer parameters, the bottleneck width is squeezed.</summary>
[ResNet(Block.Bottleneck, 3, 4, 6, 3)]
[SEBlock(Placement = SEPlacement.AfterConv3x3)]
public partial class SE3x3ResNet50;
