namespace Architectures.Generators;

/// <summary>
/// Names of the pipeline steps, so tests can assert what an edit re-ran and what stayed cached. Each declaration
/// attribute has three: its parse results, its valid models, and its diagnostics.
/// </summary>
public static class TrackingNames
{
    public const string ResNets = nameof(ResNets);
    public const string MobileNetV3s = nameof(MobileNetV3s);
    public const string MobileNetV2s = nameof(MobileNetV2s);
    public const string EfficientNets = nameof(EfficientNets);
    public const string RegNets = nameof(RegNets);
    public const string Variants = nameof(Variants);
    public const string CustomBlocks = nameof(CustomBlocks);

    /// <summary>Every declaration kind, in pipeline order.</summary>
    public static readonly string[] Families = { ResNets, MobileNetV3s, MobileNetV2s, EfficientNets, RegNets, Variants, CustomBlocks };

    public static string Parsed(string family) => "Parsed" + family;

    public static string Models(string family) => family;

    public static string Diagnostics(string family) => family + "Diagnostics";

    public const string OrphanSEDiagnostics = nameof(OrphanSEDiagnostics);
    public const string Catalog = nameof(Catalog);
}
