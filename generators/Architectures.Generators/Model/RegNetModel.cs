namespace Architectures.Generators.Model;

/// <summary>A RegNet (RegNetX without SE, RegNetY with it), stage by stage as listed or generated from its parameters.</summary>
/// <param name="GroupWidth">The declared group width (for descriptions).</param>
/// <param name="GroupWidths">Each stage's group width: the declared one, or less where a stage is narrower (torchvision).</param>
/// <param name="BottleneckMultiplier">The grouped convolution's width relative to the stage width.</param>
internal sealed record RegNetModel(
    string? Namespace,
    string ClassName,
    int InputChannels,
    int Classes,
    int InputSize,
    int StemChannels,
    int GroupWidth,
    EquatableArray<int> Depths,
    EquatableArray<int> Widths,
    EquatableArray<int> GroupWidths,
    double BottleneckMultiplier,
    SEModel? SE) : ArchitectureModel(Namespace, ClassName);
