namespace Architectures.Generators;

/// <summary>Names of the pipeline steps, so tests can assert what an edit re-ran and what stayed cached.</summary>
public static class TrackingNames
{
    public const string ParsedNetworks = nameof(ParsedNetworks);
    public const string ParsedVariants = nameof(ParsedVariants);
    public const string ParsedBlocks = nameof(ParsedBlocks);
    /// <summary>The valid models of every parsed declaration (networks, variants, custom blocks).</summary>
    public const string Networks = nameof(Networks);
    public const string NetworkDiagnostics = nameof(NetworkDiagnostics);
    public const string OrphanSEDiagnostics = nameof(OrphanSEDiagnostics);
    public const string Catalog = nameof(Catalog);
}
