namespace Architectures.Generators.Model;

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
