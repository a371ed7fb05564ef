using System;
using System.Collections.Generic;

// Shared vocabulary (src/Architectures/Vocabulary): compiled into the runtime and, linked, into the netstandard2.0
// source generator, which reads attribute arguments into these very types. In the generator (ARCHITECTURES_GENERATOR)
// the namespace differs, so the two copies never meet where both assemblies are referenced (the tests).
#if ARCHITECTURES_GENERATOR
namespace Architectures.Generators.Vocabulary;
#else
namespace Architectures.Modules;
#endif

/// <summary>The arguments a kind's runtime module constructor takes (besides those it leaves at their defaults).</summary>
[Flags]
public enum ExcitationArguments
{
    None = 0,
    /// <summary><c>channels</c>, the width the excitation acts on (first, positional).</summary>
    Channels = 1,
    /// <summary><c>reducedChannels:</c> the hidden width.</summary>
    ReducedChannels = 2,
    /// <summary><c>kernelSize:</c> ECA's adaptive kernel.</summary>
    KernelSize = 4,
    /// <summary><c>circular: true</c> (CECA's padding).</summary>
    Circular = 8,
    /// <summary><c>squeeze:</c> how the map is reduced.</summary>
    Squeeze = 16,
    /// <summary><c>gate:</c> the final non-linearity.</summary>
    Gate = 32,
    /// <summary><c>bias:</c> whether the layers have biases.</summary>
    Bias = 64,
    /// <summary><c>activation:</c> δ between the layers.</summary>
    Activation = 128,
}

/// <summary>
/// One member of the SE family as data: its runtime module, what it accepts, the defaults naming it brings (timm's), and
/// its width, parameter and multiply-add formulas. The source generator counts with these very functions and generated
/// variants call them, so a compile-time count and a runtime formula cannot disagree.
/// </summary>
public sealed class ExcitationKindInfo
{
    private readonly Func<long, long, bool, long> _parameters;
    private readonly Func<long, long, int, long> _multiplyAdds;

    internal ExcitationKindInfo(ExcitationKind kind, string shortName, string runtimeClass, bool hasHiddenLayer,
        ExcitationArguments arguments, string description, Func<long, long, bool, long> parameters, Func<long, long, int, long> multiplyAdds)
    {
        Kind = kind;
        ShortName = shortName;
        RuntimeClass = runtimeClass;
        HasHiddenLayer = hasHiddenLayer;
        Arguments = arguments;
        Description = description;
        _parameters = parameters;
        _multiplyAdds = multiplyAdds;
    }

    public ExcitationKind Kind { get; }

    /// <summary>The name in knob descriptions ("SE", "CBAM channel", "ECA").</summary>
    public string ShortName { get; }

    /// <summary>The module class in <c>Architectures.Modules</c> that implements the kind (a variant derives from it).</summary>
    public string RuntimeClass { get; }

    /// <summary>Whether the kind has a hidden layer whose width the reduction sets (else the width knobs are rejected).</summary>
    public bool HasHiddenLayer { get; }

    /// <summary>What the runtime constructor takes; a knob whose argument is missing has no meaning for the kind.</summary>
    public ExcitationArguments Arguments { get; }

    /// <summary>What the kind computes and its parameter formula, in words.</summary>
    public string Description { get; }

    /// <summary>The squeeze the module always uses, whatever <c>Squeeze</c> says (CBAM: average and max).</summary>
    public Squeeze? FixedSqueeze { get; internal set; }

    /// <summary>Why a declared <c>Squeeze</c> is rejected ("always squeezes by both average and max"), or null when it applies.</summary>
    public string? SqueezeRejection { get; internal set; }

    /// <summary>A factor on reference / r before rounding (coordinate attention: timm's se_factor 2/3), or null.</summary>
    public double? HiddenFactor { get; internal set; }

    /// <summary>Defaults that naming the kind brings, for the knobs not named beside it (timm's), or null to keep the attribute's.</summary>
    public int? DefaultDivisor { get; internal set; }
    public double? DefaultRoundLimit { get; internal set; }
    public bool? DefaultBias { get; internal set; }
    public Activation? DefaultActivation { get; internal set; }

    /// <summary>The runtime constructor's own defaults for <c>bias</c> and <c>activation</c> (the generator omits them).</summary>
    public bool ModuleBias { get; internal set; } = true;
    public Activation ModuleActivation { get; internal set; } = Activation.ReLU;

    public bool Takes(ExcitationArguments argument) => (Arguments & argument) == argument;

    /// <summary>
    /// The hidden width: explicit, else reference / r (times <see cref="HiddenFactor"/>) rounded as declared —
    /// make_divisible(v, divisor) with the round limit when a divisor is given, floor or nearest (ties to even, as
    /// Python) otherwise — and at least <paramref name="minChannels"/>. 0 for kinds without a hidden layer.
    /// </summary>
    public long HiddenChannels(long referenceChannels, int reduction, int reducedChannels, int divisor, double roundLimit,
        int minChannels, Rounding rounding)
    {
        if (!HasHiddenLayer) return 0;
        if (reducedChannels > 0) return reducedChannels;
        // timm's order of operations for the factor (v · (1/r) · f), so widths match it exactly.
        double v = HiddenFactor is { } factor ? referenceChannels * (1.0 / reduction) * factor : (double)referenceChannels / reduction;
        if (divisor > 0) return ChannelRounding.MakeDivisible(v, divisor, minChannels > 0 ? minChannels : divisor, roundLimit);
        long rounded = rounding == Rounding.Nearest ? (long)Math.Round(v, MidpointRounding.ToEven)
            : HiddenFactor is null ? referenceChannels / reduction : (long)Math.Floor(v);
        return Math.Max(rounded, minChannels);
    }

    /// <summary>Learnable parameters for <paramref name="channels"/> and a hidden width.</summary>
    public long Parameters(long channels, long hiddenChannels, bool bias) => _parameters(channels, hiddenChannels, bias);

    /// <summary>
    /// Multiply-adds at a <paramref name="size"/>×<paramref name="size"/> map: the layers' weight uses, one add per
    /// squeezed element and one multiply per scaled element.
    /// </summary>
    public long MultiplyAdds(long channels, long hiddenChannels, int size) => _multiplyAdds(channels, hiddenChannels, size);

    /// <summary>A report row's description: "SqueezeExcitation 256→16", "ECA 256 k=5", "GatherExcite 256".</summary>
    public string Describe(long channels, long hiddenChannels) =>
        HasHiddenLayer ? $"{Kind} {channels}→{hiddenChannels}"
        : Takes(ExcitationArguments.KernelSize) ? $"{Kind} {channels} k={ExcitationKinds.EcaKernelSize(channels)}"
        : Takes(ExcitationArguments.Channels) ? $"{Kind} {channels}→{channels}" // one C → C layer (effective SE)
        : $"{Kind} {channels}";
}

/// <summary>
/// The SE family, one row per <see cref="ExcitationKind"/>: the single table the generator's parser, counter and
/// emitter read. A new kind is its runtime module plus one row here.
/// </summary>
public static class ExcitationKinds
{
    private const ExcitationArguments Common = ExcitationArguments.Channels | ExcitationArguments.Gate;
    private const ExcitationArguments HiddenLayer = Common | ExcitationArguments.ReducedChannels | ExcitationArguments.Bias | ExcitationArguments.Activation;

    private static readonly ExcitationKindInfo[] Rows =
    {
        new(ExcitationKind.SqueezeExcitation, "SE", "SqueezeExcitation", true, HiddenLayer | ExcitationArguments.Squeeze,
            "squeeze, C → h → C fully-connected layers, gate (Hu et al.); 2·C·h parameters + h + C biases",
            (c, h, bias) => 2 * c * h + (bias ? h + c : 0),
            (c, h, size) => 2 * c * h + 2 * Map(c, size)),
        new(ExcitationKind.EffectiveSE, "EffectiveSE", "EffectiveSqueezeExcitation", false, Common | ExcitationArguments.Bias,
            "one C → C fully-connected layer (CenterMask's eSE); C² parameters + C biases",
            (c, h, bias) => c * c + (bias ? c : 0),
            (c, h, size) => c * c + 2 * Map(c, size)),
        new(ExcitationKind.ECA, "ECA", "EfficientChannelAttention", false, Common | ExcitationArguments.KernelSize,
            "a 1-D convolution of adaptive odd size k across the squeezed channels, no bias (ECA-Net); k parameters",
            (c, h, bias) => EcaKernelSize(c),
            (c, h, size) => EcaKernelSize(c) * c + 2 * Map(c, size)),
        new(ExcitationKind.CircularECA, "CircularECA", "EfficientChannelAttention", false,
            Common | ExcitationArguments.KernelSize | ExcitationArguments.Circular,
            "ECA with circular padding (CECA); k parameters",
            (c, h, bias) => EcaKernelSize(c),
            (c, h, size) => EcaKernelSize(c) * c + 2 * Map(c, size)),
        new(ExcitationKind.CbamChannel, "CBAM channel", "SqueezeExcitation", true, HiddenLayer,
            "CBAM's channel attention: average and max squeezes through one shared C → h → C MLP, no biases by default; 2·C·h parameters",
            (c, h, bias) => 2 * c * h + (bias ? h + c : 0),
            // Two squeezes through the shared MLP, then the scale.
            (c, h, size) => 4 * c * h + 3 * Map(c, size))
        {
            FixedSqueeze = Squeeze.AverageAndMax,
            SqueezeRejection = "always squeezes by both average and max",
            DefaultBias = false,
        },
        new(ExcitationKind.GatherExcite, "GatherExcite", "GatherExcite", false, ExcitationArguments.Gate,
            "gather-excite θ⁻: the gate of the global average; no parameters",
            (c, h, bias) => 0,
            (c, h, size) => 2 * Map(c, size)),
        new(ExcitationKind.NoSqueeze, "NoSqueeze", "NoSqueezeExcitation", true, HiddenLayer,
            "the paper's NoSqueeze: the two layers are 1×1 convolutions over the full map; 2·C·h parameters + h + C biases",
            (c, h, bias) => 2 * c * h + (bias ? h + c : 0),
            // The two 1×1 layers run at every position.
            (c, h, size) => 2 * c * h * size * size + Map(c, size))
        {
            SqueezeRejection = "does not squeeze; Squeeze has no meaning",
        },
        new(ExcitationKind.CoordinateAttention, "CoordinateAttention", "CoordinateAttention", true, HiddenLayer,
            "coordinate attention (timm's CoordAttn): row and column strip squeezes through a shared C → h 1×1 convolution " +
            "with batch norm, one C-wide gate per direction; 3·C·h + 2·h parameters (+ h + 2·C biases)",
            // conv1 C → h, bn1 (2h), conv_h and conv_w h → C.
            (c, h, bias) => 3 * c * h + 2 * h + (bias ? h + 2 * c : 0),
            // The encoder and both gates run on the H + W strip positions; two strip means, the gate product and the scale.
            (c, h, size) => 2 * c * h * (2L * size) + 4 * Map(c, size))
        {
            SqueezeRejection = "squeezes rows and columns (strip means); Squeeze has no meaning",
            HiddenFactor = 2.0 / 3,
            DefaultDivisor = 8,
            DefaultRoundLimit = 0,
            DefaultBias = false,
            DefaultActivation = Activation.HardSwish,
            ModuleBias = false,
            ModuleActivation = Activation.HardSwish,
        },
    };

    /// <summary>Every kind, in the enum's order.</summary>
    public static IReadOnlyList<ExcitationKindInfo> All => Rows;

    /// <summary>The row of a kind; throws for a value that is not an <see cref="ExcitationKind"/> member.</summary>
    public static ExcitationKindInfo Of(ExcitationKind kind) =>
        TryGet(kind, out ExcitationKindInfo? row) ? row! : throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an excitation kind");

    public static bool TryGet(ExcitationKind kind, out ExcitationKindInfo? row)
    {
        foreach (ExcitationKindInfo candidate in Rows)
            if (candidate.Kind == kind) { row = candidate; return true; }
        row = null;
        return false;
    }

    /// <summary>ECA's adaptive kernel: t = ⌊|log₂C + 1| / 2⌋, made odd, at least 3 (timm, gamma 2, beta 1).</summary>
    public static int EcaKernelSize(long channels)
    {
        int t = (int)(Math.Abs(Math.Log(channels, 2) + 1) / 2);
        return Math.Max(t % 2 == 1 ? t : t + 1, 3);
    }

    private static long Map(long channels, int size) => channels * size * size;
}
