namespace Architectures.Generators.Model;

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
    ReferenceWidth Reference,
    Rounding Rounding,
    Activation Activation,
    Squeeze Squeeze,
    Gate Gate,
    bool Bias,
    SEPlacement Placement,
    string? Variant);

/// <summary>A reusable excitation declared with [Excitation] on a partial class.</summary>
internal sealed record ExcitationVariantModel(string? Namespace, string ClassName, SEModel Knobs) : ArchitectureModel(Namespace, ClassName);

/// <summary>A hand-written residual block ([CustomBlock]) that the generator wires an excitation into.</summary>
internal sealed record CustomBlockModel(string? Namespace, string ClassName, int Channels, bool Residual, SEModel? SE)
    : ArchitectureModel(Namespace, ClassName);
