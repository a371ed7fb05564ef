namespace Architectures.Generators.Model;

/// <summary>A RegNet (RegNetX without SE, RegNetY with it).</summary>
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
    SEModel? SE) : ArchitectureModel(Namespace, ClassName);
