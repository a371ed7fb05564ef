namespace Architectures.Generators.Model;

// Mirrors of the runtime enums (src/Architectures/Declarations/Enums.cs): same names, same values.
// The generator reads attribute arguments as integers and never references the runtime assembly.
internal enum BlockKind { Basic, Bottleneck }
internal enum StemKind { ImageNet, SmallImage, Deep }
internal enum ShortcutKind { Convolution, AveragePool }
internal enum StrideOnKind { Conv3x3, FirstConv1x1 }
internal enum Placement { Standard, Pre, Post, Identity, AfterConv3x3, None }
internal enum SqueezeKind { Average, Max, AverageAndMax }
internal enum GateKind { Sigmoid, Tanh, ReLU, HardSigmoid }
internal enum ActivationKind { ReLU, ReLU6, SiLU, HardSwish, GELU }
internal enum ExcitationKind { SqueezeExcitation, EffectiveSE, ECA, CircularECA, CbamChannel, GatherExcite, NoSqueeze, CoordinateAttention }
internal enum ReferenceKind { Channels, BlockInput, Expanded, BlockOutput }
internal enum RoundingKind { Floor, Nearest }

/// <summary>A declared architecture, as plain values: what the counters and emitters need, nothing from Roslyn.</summary>
/// <param name="Namespace">The containing namespace as written but without '@' (null for the global namespace).</param>
/// <param name="ClassName">The class's name without '@' (<c>@class</c> is "class").</param>
internal abstract record ArchitectureModel(string? Namespace, string ClassName)
{
    /// <summary>
    /// Where the class is declared: output failures are reported there. Not part of equality: an edit above the class
    /// moves it without changing what is generated, and must not re-run the output.
    /// </summary>
    public LocationInfo? Location { get; init; }

    public virtual bool Equals(ArchitectureModel? other) =>
        other is not null && EqualityContract == other.EqualityContract && Namespace == other.Namespace && ClassName == other.ClassName;

    public override int GetHashCode() => unchecked((Namespace?.GetHashCode() ?? 0) * 31 + ClassName.GetHashCode());

    /// <summary>The class name as a C# identifier (escaped when it is a keyword).</summary>
    public string Identifier => Emit.Identifiers.Escape(ClassName);

    /// <summary>The namespace as C# (each keyword part escaped), or null.</summary>
    public string? NamespaceIdentifier => Namespace is null ? null : Emit.Identifiers.EscapeNamespace(Namespace);
}
