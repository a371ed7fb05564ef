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

/// <summary>What a parser hands on: a model to emit (when the declaration is valid) and diagnostics to report.</summary>
internal sealed record ParseResult(ArchitectureModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
