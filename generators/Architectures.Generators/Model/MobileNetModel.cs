namespace Architectures.Generators.Model;

internal enum MobileStyle { MobileNetV2, MobileNetV3, EfficientNet }

/// <summary>An inverted-residual network (MobileNetV2, MobileNetV3, EfficientNet), unit by unit.</summary>
internal sealed record MobileNetModel(
    string? Namespace,
    string ClassName,
    MobileStyle Style,
    int InputChannels,
    int Classes,
    int InputSize,
    int StemChannels,
    Activation StemActivation,
    int HeadChannels,
    int LastChannel,
    double Dropout,
    double StochasticDepth,
    EquatableArray<MobileUnitModel> Units,
    SEModel? SE) : ArchitectureModel(Namespace, ClassName);

/// <summary>One inverted residual: 1×1 expansion (when Expanded ≠ input), k×k depthwise, SE, 1×1 projection.</summary>
/// <param name="Stage">1-based stage (EfficientNet nests units in stages: features.Stage.Index).</param>
internal sealed record MobileUnitModel(int Stage, int Index, int Kernel, int InChannels, int Expanded, int OutChannels,
    int Stride, bool HasSE, Activation Activation);
