namespace Architectures.Generators.Model;

/// <summary>A declared residual network (ResNet, ResNeXt).</summary>
internal sealed record ResNetModel(
    string? Namespace,
    string ClassName,
    Block Block,
    Stem Stem,
    Shortcut Shortcut,
    StrideOn StrideOn,
    int InputChannels,
    int Classes,
    int InputSize,
    int Cardinality,
    int BaseWidth,
    EquatableArray<StageModel> Stages) : ArchitectureModel(Namespace, ClassName);

/// <summary>One stage: how many units, their base width (planes), and the SE block its units carry, if any.</summary>
internal sealed record StageModel(int Number, int Blocks, int Planes, SEModel? SE);
