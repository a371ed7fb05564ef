namespace Architectures.Generators.Model;

// Mirrors of the runtime enums (src/Architectures/Declarations/Enums.cs): same names, same values.
// The generator reads attribute arguments as integers and never references the runtime assembly.
internal enum BlockKind { Basic, Bottleneck }
internal enum StemKind { ImageNet, SmallImage }
internal enum StrideOnKind { Conv3x3, FirstConv1x1 }
internal enum Placement { Standard, Pre, Post, Identity, AfterConv3x3, None }
internal enum SqueezeKind { Average, Max, AverageAndMax }
internal enum GateKind { Sigmoid, Tanh, ReLU, HardSigmoid }
internal enum ActivationKind { ReLU, ReLU6, SiLU, HardSwish, GELU }
internal enum ExcitationKind { SqueezeExcitation, EffectiveSE, ECA, CircularECA, CbamChannel, GatherExcite, NoSqueeze }
internal enum ReferenceKind { Channels, BlockInput, Expanded, BlockOutput }
internal enum RoundingKind { Floor, Nearest }

/// <summary>A declared architecture, as plain values: what the counters and emitters need, nothing from Roslyn.</summary>
internal abstract record ArchitectureModel(string? Namespace, string ClassName);

/// <summary>A declared residual network (ResNet, ResNeXt).</summary>
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
    EquatableArray<StageModel> Stages) : ArchitectureModel(Namespace, ClassName);

/// <summary>One stage: how many units, their base width (planes), and the SE block its units carry, if any.</summary>
internal sealed record StageModel(int Number, int Blocks, int Planes, SEModel? SE);

/// <summary>
/// An excitation's knobs, resolved (network-wide values with a stage's overrides applied, or a variant's).
/// <see cref="Variant"/> names the generated variant class to instantiate, when the knobs came from one.
/// </summary>
internal sealed record SEModel(
    ExcitationKind Kind,
    int Reduction,
    int ReducedChannels,
    int Divisor,
    double RoundLimit,
    int MinChannels,
    ReferenceKind Reference,
    RoundingKind Rounding,
    ActivationKind Activation,
    SqueezeKind Squeeze,
    GateKind Gate,
    bool Bias,
    Placement Placement,
    string? Variant);

/// <summary>A reusable excitation declared with [Excitation] on a partial class.</summary>
internal sealed record ExcitationVariantModel(string? Namespace, string ClassName, SEModel Knobs) : ArchitectureModel(Namespace, ClassName);

/// <summary>What a parser hands on: a model to emit (when the declaration is valid) and diagnostics to report.</summary>
internal sealed record ParseResult(ArchitectureModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
