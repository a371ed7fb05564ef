namespace Architectures.Tests.Generator;

/// <summary>Declarations of the non-ResNet families, as a user writes them (torchvision's layouts where named so).</summary>
internal static class FamilySources
{
    private const string Usings = "using Architectures;\nusing TorchSharp;\nusing static TorchSharp.torch;\nusing static TorchSharp.torch.nn;\nnamespace Demo;\n";

    public static string Get(string name) => Usings + name switch
    {
        "MobileNetV3Small" => """
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
            """,
        "EfficientNetB0" => """
            [EfficientNet(StemChannels = 32, HeadChannels = 1280)]
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
            """,
        "RegNetY400MF" => """
            [RegNet(1, 3, 6, 6, Widths = new[] { 48, 104, 208, 440 }, GroupWidth = 8)]
            [SEBlock(Reduction = 4, Reference = ReferenceWidth.BlockInput, Rounding = Rounding.Nearest)]
            [ExpectParameters(4_344_144)]
            public partial class RegNetY400MF;
            """,
        "Variant" => """
            [Excitation(Reduction = 4, Divisor = 8, Gate = Gate.HardSigmoid)]
            public partial class HardSE;
            [ResNet(Block.Basic, 2, 2, 2, 2)]
            [SEBlock(Variant = typeof(HardSE))]
            public partial class HardSEResNet18;
            """,
        "EcaVariant" => """
            [Excitation(Kind = ExcitationKind.CircularECA)]
            public partial class Eca;
            """,
        "CustomBlock" => """
            [CustomBlock(Channels = 64)]
            [SEBlock(Reduction = 16, Placement = SEPlacement.Identity)]
            public partial class TwoConvBlock
            {
                private readonly TorchSharp.Modules.Conv2d conv1 = Conv2d(64, 64, kernel_size: 3, padding: 1, bias: false);
                private partial Tensor Branch(Tensor x) => conv1.call(x);
            }
            """,
        _ => throw new System.ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
