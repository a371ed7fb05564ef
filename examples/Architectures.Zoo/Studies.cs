using Architectures;
using Architectures.Studies;
using Architectures.Zoo;

// The paper's ablations (Tables 10–16, ResNet-50 on ImageNet) on the small-image ResNet-20 for 28×28 Fashion-MNIST:
// each variant is SEResNet20 (r = 4, average squeeze, sigmoid gate, standard placement, every stage) with one knob
// changed. `arch ablate NAME` trains each with three seeds; PaperTop1Error is the paper's ImageNet top-1 error.

[assembly: Study("se", Base = typeof(ResNet20), Variants = new[] { typeof(ResNet20), typeof(SEResNet20) },
    Labels = new[] { "no SE", "SE" }, Reference = typeof(ResNet20), Table = "Table 2",
    Description = "plain ResNet-20 vs SE-ResNet-20", PaperTop1Error = new[] { 24.80, 23.29 })]

[assembly: Study("reduction", Base = typeof(ResNet20),
    Variants = new[] { typeof(SEResNet20R2), typeof(SEResNet20), typeof(SEResNet20R8), typeof(SEResNet20R16), typeof(SEResNet20R32) },
    Labels = new[] { "r = 2", "r = 4", "r = 8", "r = 16", "r = 32" }, Reference = typeof(SEResNet20), Table = "Table 10",
    Description = "reduction ratio r", PaperTop1Error = new[] { 22.29, 22.25, 22.26, 22.28, 22.72 })]

[assembly: Study("squeeze", Base = typeof(ResNet20), Variants = new[] { typeof(SEResNet20), typeof(MaxSqueezeSEResNet20) },
    Labels = new[] { "average", "max" }, Table = "Table 11",
    Description = "squeeze operator", PaperTop1Error = new[] { 22.28, 22.57 })]

[assembly: Study("gate", Base = typeof(ResNet20),
    Variants = new[] { typeof(SEResNet20), typeof(ReLUGateSEResNet20), typeof(TanhGateSEResNet20) },
    Labels = new[] { "sigmoid", "ReLU", "tanh" }, Table = "Table 12",
    Description = "excitation gate", PaperTop1Error = new[] { 22.28, 23.47, 23.00 })]

[assembly: Study("stages", Base = typeof(ResNet20),
    Variants = new[] { typeof(SEResNet20), typeof(SEStage1ResNet20), typeof(SEStage2ResNet20), typeof(SEStage3ResNet20) },
    Labels = new[] { "all stages", "stage 1 only", "stage 2 only", "stage 3 only" }, Table = "Table 13",
    Description = "the stages that get SE (the paper's SE_Stage_2/3/4 are ResNet-50's stages 1/2/3 of 4; ResNet-20 has 3)",
    PaperTop1Error = new[] { 22.28, 23.03, 23.04, 22.68 })]

[assembly: Study("placement", Base = typeof(ResNet20),
    Variants = new[] { typeof(SEResNet20), typeof(SEPreResNet20), typeof(SEPostResNet20), typeof(SEIdentityResNet20) },
    Labels = new[] { "Standard", "PRE", "POST", "Identity" }, Table = "Table 14",
    Description = "SE placement (Fig. 5)", PaperTop1Error = new[] { 22.28, 22.23, 22.78, 22.20 })]

[assembly: Study("after3x3", Base = typeof(BottleneckResNet29),
    Variants = new[] { typeof(SEBottleneckResNet29), typeof(SE3x3BottleneckResNet29) },
    Labels = new[] { "Standard", "after the 3×3 conv" }, Table = "Table 15",
    Description = "SE after the bottleneck's 3×3 convolution (a bottleneck ResNet-29: basic units have no such place)",
    PaperTop1Error = new[] { 22.28, 22.48 })]

[assembly: Study("nosqueeze", Base = typeof(ResNet20), Variants = new[] { typeof(SEResNet20), typeof(NoSqueezeResNet20) },
    Labels = new[] { "SE", "NoSqueeze" }, Table = "Table 16",
    Description = "no squeeze: 1×1 convolutions on the full feature map", PaperTop1Error = new[] { 22.28, 22.93 })]

namespace Architectures.Zoo
{
    // Table 10: reduction ratio. With 16 channels in stage 1, r = 32 would leave no hidden unit: at least one is kept.

    /// <summary>SE-ResNet-20 with r = 2 (Table 10).</summary>
    [ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]
    [SEBlock(Reduction = 2)]
    public partial class SEResNet20R2;

    /// <summary>SE-ResNet-20 with r = 8 (Table 10).</summary>
    [ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]
    [SEBlock(Reduction = 8)]
    public partial class SEResNet20R8;

    /// <summary>SE-ResNet-20 with r = 16, the paper's default (Table 10).</summary>
    [ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]
    [SEBlock(Reduction = 16)]
    public partial class SEResNet20R16;

    /// <summary>SE-ResNet-20 with r = 32 (Table 10): stage 1 keeps one hidden unit.</summary>
    [ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]
    [SEBlock(Reduction = 32, MinChannels = 1)]
    public partial class SEResNet20R32;

    /// <summary>Max-pooling squeeze (Table 11).</summary>
    [ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]
    [SEBlock(Reduction = 4, Squeeze = Squeeze.Max)]
    public partial class MaxSqueezeSEResNet20;

    /// <summary>ReLU excitation gate (Table 12).</summary>
    [ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]
    [SEBlock(Reduction = 4, Gate = Gate.ReLU)]
    public partial class ReLUGateSEResNet20;

    /// <summary>tanh excitation gate (Table 12).</summary>
    [ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]
    [SEBlock(Reduction = 4, Gate = Gate.Tanh)]
    public partial class TanhGateSEResNet20;

    /// <summary>SE in stage 1 only (Table 13).</summary>
    [ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]
    [SEBlock(Reduction = 4, Stages = new[] { 1 })]
    public partial class SEStage1ResNet20;

    /// <summary>SE in stage 2 only (Table 13).</summary>
    [ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]
    [SEBlock(Reduction = 4, Stages = new[] { 2 })]
    public partial class SEStage2ResNet20;

    /// <summary>SE in stage 3 only (Table 13).</summary>
    [ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]
    [SEBlock(Reduction = 4, Stages = new[] { 3 })]
    public partial class SEStage3ResNet20;

    /// <summary>SE-PRE: before the residual branch (Fig. 5c, Table 14).</summary>
    [ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]
    [SEBlock(Reduction = 4, Placement = SEPlacement.Pre)]
    public partial class SEPreResNet20;

    /// <summary>SE-POST: after the addition (Fig. 5d, Table 14).</summary>
    [ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]
    [SEBlock(Reduction = 4, Placement = SEPlacement.Post)]
    public partial class SEPostResNet20;

    /// <summary>SE-Identity: on the identity path, parallel to the branch (Fig. 5e, Table 14).</summary>
    [ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]
    [SEBlock(Reduction = 4, Placement = SEPlacement.Identity)]
    public partial class SEIdentityResNet20;

    // Table 15 needs a bottleneck unit (SE after its 3×3 convolution, on the narrow width): three stages of three
    // bottleneck units, 16/32/64 planes (64/128/256 channels out), for 28×28 images.

    /// <summary>Plain bottleneck ResNet-29 for Fashion-MNIST (the base of Table 15).</summary>
    [ResNet(Block.Bottleneck, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]
    public partial class BottleneckResNet29;

    /// <summary>Bottleneck ResNet-29 with standard SE, r = 4 (Table 15's reference).</summary>
    [ResNet(Block.Bottleneck, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]
    [SEBlock(Reduction = 4)]
    public partial class SEBottleneckResNet29;

    /// <summary>SE after the 3×3 convolution of each bottleneck unit (Table 15): it squeezes the narrow width.</summary>
    [ResNet(Block.Bottleneck, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]
    [SEBlock(Reduction = 4, Placement = SEPlacement.AfterConv3x3)]
    public partial class SE3x3BottleneckResNet29;

    /// <summary>NoSqueeze: the excitation's 1×1 convolutions act on the full feature map (Table 16).</summary>
    [ResNet(Block.Basic, 3, 3, 3, Widths = new[] { 16, 32, 64 }, Stem = Stem.SmallImage, InputChannels = 1, Classes = 10, InputSize = 28)]
    [SEBlock(Reduction = 4, Kind = ExcitationKind.NoSqueeze)]
    public partial class NoSqueezeResNet20;
}
