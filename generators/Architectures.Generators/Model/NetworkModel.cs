namespace Architectures.Generators.Model;

// Mirrors of the runtime enums (src/Architectures/Declarations/Enums.cs): same names, same values.
// The generator reads attribute arguments as integers and never references the runtime assembly.
internal enum BlockKind { Basic, Bottleneck }
internal enum StemKind { ImageNet, SmallImage }
internal enum StrideOnKind { Conv3x3, FirstConv1x1 }
internal enum Placement { Standard, Pre, Post, Identity, AfterConv3x3, None }
internal enum SqueezeKind { Average, Max }
internal enum GateKind { Sigmoid, Tanh, ReLU }

/// <summary>A declared network, as plain values: what the counter and the emitter need, nothing from Roslyn.</summary>
internal sealed record NetworkModel(
    string? Namespace,
    string ClassName,
    BlockKind Block,
    StemKind Stem,
    StrideOnKind StrideOn,
    int InputChannels,
    int Classes,
    int InputSize,
    int Cardinality,
    int BaseWidth,
    EquatableArray<StageModel> Stages);

/// <summary>One stage: how many units, their base width (planes), and the SE block its units carry, if any.</summary>
internal sealed record StageModel(int Number, int Blocks, int Planes, SEModel? SE);

/// <summary>SE knobs resolved for one stage (network-wide values with the stage's overrides applied).</summary>
internal sealed record SEModel(int Reduction, Placement Placement, SqueezeKind Squeeze, GateKind Gate, bool Bias);

/// <summary>What the parser hands on: a model to emit (when the declaration is valid) and diagnostics to report.</summary>
internal sealed record ParseResult(NetworkModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
