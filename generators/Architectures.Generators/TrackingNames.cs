using System.Linq;

namespace Architectures.Generators;

/// <summary>
/// Names of the pipeline steps, so tests can assert what an edit re-ran and what stayed cached. Each declaration
/// attribute has three: its parse results, its valid models (a network's: its plans), and its diagnostics.
/// </summary>
public static class TrackingNames
{
    // The stems of the network families' steps (each row of NetworkFamilies names its own).
    public const string ResNets = nameof(ResNets);
    public const string MobileNetV3s = nameof(MobileNetV3s);
    public const string MobileNetV2s = nameof(MobileNetV2s);
    public const string EfficientNets = nameof(EfficientNets);
    public const string RegNets = nameof(RegNets);

    public const string Variants = nameof(Variants);
    public const string CustomBlocks = nameof(CustomBlocks);

    /// <summary>Every declaration kind, in pipeline order: the network families, then variants and custom blocks.</summary>
    public static readonly string[] Families =
        NetworkFamilies.All.Select(f => f.TrackingName).Concat(new[] { Variants, CustomBlocks }).ToArray();

    public static string Parsed(string family) => "Parsed" + family;

    public static string Models(string family) => family;

    public static string Diagnostics(string family) => family + "Diagnostics";

    /// <summary>The plans of every network family gathered into one list (one step per family joined).</summary>
    public const string Networks = nameof(Networks);

    /// <summary>The checks for [SEBlock] on a class that declares nothing, and their diagnostics.</summary>
    public const string OrphanSE = nameof(OrphanSE);
    public const string OrphanSEDiagnostics = nameof(OrphanSEDiagnostics);

    /// <summary>The checks for [ExpectParameters], [ExpectMultiplyAdds] or a unit attribute on a class that is no network, and their diagnostics.</summary>
    public const string OrphanNetworkAttributes = nameof(OrphanNetworkAttributes);
    public const string OrphanNetworkAttributeDiagnostics = nameof(OrphanNetworkAttributeDiagnostics);

    public const string Catalog = nameof(Catalog);
}
