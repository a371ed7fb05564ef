using Architectures.Generators.Counting;

namespace Architectures.Generators.Model;

/// <summary>
/// What a parser hands on: a model to emit (when the declaration is valid) and diagnostics to report. For a network,
/// also its <see cref="Plan"/>, computed once while parsing (the counts are checked there) and passed down to the
/// module, the report and the catalog, which print it without planning again.
/// </summary>
internal sealed record ParseResult(ArchitectureModel? Model, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>The network's plan (its <see cref="NetworkPlan.Model"/> is <see cref="Model"/>); null for variants, blocks and invalid declarations.</summary>
    public NetworkPlan? Plan { get; init; }
}
