using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Architectures.Generators.Diagnostics;

/// <summary>Every diagnostic the generator reports, with its stable ID. IDs are never reused or renumbered.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Architectures";

    // ARCH00x: the declaring class.
    public static readonly DiagnosticDescriptor NotPartial = Error("ARCH001",
        "Architecture class must be partial",
        "'{0}' must be declared partial so the generator can add its TorchSharp module");

    public static readonly DiagnosticDescriptor UnsupportedClassShape = Error("ARCH002",
        "Architecture class shape not supported",
        "'{0}' cannot be an architecture: it is {1}; declare a top-level, non-generic, non-static partial class");

    public static readonly DiagnosticDescriptor HasBaseClass = Error("ARCH003",
        "Architecture class already has a base class",
        "'{0}' already derives from '{1}'; the generator makes it derive from Module<Tensor, Tensor>");

    public static readonly DiagnosticDescriptor SEWithoutNetwork = Warning("ARCH004",
        "SE attribute without a network",
        "[SEBlock] on '{0}' has no effect: the class has no [ResNet] declaration");

    public static readonly DiagnosticDescriptor MemberClash = Error("ARCH005",
        "Member clashes with a generated member",
        "'{0}' declares {1}; the generated half of the class declares that {2} too, so rename or remove it");

    public static readonly DiagnosticDescriptor PrimaryConstructor = Error("ARCH006",
        "Architecture class has a primary constructor",
        "'{0}' has a primary constructor; the generated module has its own parameterless constructor, so remove the parameter list");

    // ARCH01x: the SE block's reduction.
    public static readonly DiagnosticDescriptor ReductionNotPositive = Error("ARCH010",
        "Reduction must be positive",
        "Reduction {0} is not positive; the excitation's hidden width is channels / r, so r must be at least 1");

    public static readonly DiagnosticDescriptor ReductionExceedsChannels = Error("ARCH011",
        "Reduction exceeds the channels",
        "Reduction {0} exceeds the {1} channels of {2}; the hidden width would be 0");

    public static readonly DiagnosticDescriptor ReductionDoesNotDivide = Warning("ARCH012",
        "Reduction does not divide the channels",
        "Reduction {0} does not divide the {1} channels of {2}; the hidden width rounds down to {3}");

    // ARCH02x: the network's shape.
    public static readonly DiagnosticDescriptor NoStages = Error("ARCH020",
        "Network has no stages",
        "'{0}' declares no stages; {1}");

    public static readonly DiagnosticDescriptor EmptyStage = Error("ARCH021",
        "Stage has no units",
        "Stage {0} has {1} units; every stage needs at least one");

    public static readonly DiagnosticDescriptor NotPositive = Error("ARCH022",
        "Value must be positive",
        "{0} is {1}; it must be positive");

    public static readonly DiagnosticDescriptor WidthsCountMismatch = Error("ARCH023",
        "Widths do not match the stages",
        "Widths has {0} entries but the network has {1} stages");

    public static readonly DiagnosticDescriptor GroupsDoNotDivide = Error("ARCH024",
        "Groups do not divide the width",
        "{0}");

    public static readonly DiagnosticDescriptor TooLarge = Error("ARCH025",
        "Value beyond the generator's limits",
        "{0} is {1}; the generator supports at most {2} (see the limits under Diagnostics in the README)");

    public static readonly DiagnosticDescriptor CountOverflow = Error("ARCH027",
        "Counts do not fit in a long",
        "'{0}' would have more than {1} parameters or multiply-adds, which does not fit in a long; reduce this value");

    public static readonly DiagnosticDescriptor DeepStemOddWidth = Error("ARCH028",
        "Deep stem needs an even width",
        "Stem.Deep halves the first stage's width for its first two convolutions (timm's stem_width); {0} is odd, so give an even width");

    public static readonly DiagnosticDescriptor UndefinedEnumValue = Error("ARCH026",
        "Value is not a member of its enum",
        "{0} is not a {1}; use one of {2}");

    // ARCH03x: SE attributes that conflict or name missing stages.
    public static readonly DiagnosticDescriptor UnknownStage = Error("ARCH030",
        "SE names a stage that does not exist",
        "Stage {0} does not exist; '{1}' has stages 1 to {2}");

    public static readonly DiagnosticDescriptor ConflictingSE = Error("ARCH031",
        "Conflicting SE attributes",
        "{0}");

    public static readonly DiagnosticDescriptor PlacementNotSupported = Error("ARCH032",
        "SE placement not supported by the unit",
        "Placement {0} needs a bottleneck unit's 3×3 convolution; '{1}' is built from basic units");

    public static readonly DiagnosticDescriptor KnobNotForFamily = Error("ARCH033",
        "SE knob does not apply to this network",
        "{0}");

    public static readonly DiagnosticDescriptor EmptyStages = Error("ARCH034",
        "SE Stages lists no stage",
        "Stages is empty, so no stage would get SE; list the stages (e.g. Stages = new[] {{ 3, 4 }}) or remove the [SEBlock]");

    public static readonly DiagnosticDescriptor SEDiffersFromKnownModel = Warning("ARCH035",
        "SE knobs differ from the known model the network matches",
        "{0}");

    // ARCH04x: assertions on the counts.
    public static readonly DiagnosticDescriptor ParameterCountMismatch = Error("ARCH040",
        "Parameter count differs from the expectation",
        "'{0}' has {1} parameters, not the expected {2} (difference {3})");

    public static readonly DiagnosticDescriptor MultiplyAddsMismatch = Error("ARCH041",
        "Multiply-adds differ from the expectation",
        "'{0}' needs {1} multiply-adds at {2}×{2}, not the expected {3} (difference {4})");

    public static readonly DiagnosticDescriptor AttributeWithoutNetwork = Warning("ARCH042",
        "Attribute without a network",
        "{0} on '{1}' has no effect: the class declares no network ([ResNet], [MobileNetV3], [MobileNetV2], [EfficientNet] or [RegNet])");

    // ARCH05x: excitation knobs and variants.
    public static readonly DiagnosticDescriptor KnobsConflict = Error("ARCH050",
        "Impossible excitation knobs",
        "{0}");

    public static readonly DiagnosticDescriptor NotAVariant = Error("ARCH051",
        "Variant is not an excitation",
        "'{0}' is not an excitation variant; declare it as a partial class with [Excitation(...)]");

    public static readonly DiagnosticDescriptor ExcitationWithoutChannels = Error("ARCH052",
        "SE on a block with no channel dimension",
        "'{0}' gets SE but declares no channels to squeeze; set Channels on [CustomBlock]");

    public static readonly DiagnosticDescriptor BranchSignature = Error("ARCH053",
        "Custom block's Branch has the wrong shape",
        "'{0}': {1}; the generated forward calls 'private partial Tensor Branch(Tensor x)' (TorchSharp.torch.Tensor), so declare exactly that");

    public static readonly DiagnosticDescriptor UnsafeBatchNorm = Warning("ARCH054",
        "TorchSharp's BatchNorm2d in a custom block",
        "'{0}.{1}' is TorchSharp's BatchNorm2d, which counts batches with a temporary scalar that a garbage collection on another thread can free mid-call (an intermittent training failure); use Architectures.Modules.SafeBatchNorm2d, with the same keys and arithmetic");

    public static readonly DiagnosticDescriptor TemporaryScalar = Warning("ARCH055",
        "TorchSharp makes a temporary scalar in a custom block",
        "In '{0}': {1}; TorchSharp does not keep it alive through the native call, so a garbage collection on another thread can free it (an intermittent failure or a wrong value); pass a held one (HeldScalars.One, or 'using var s = value.ToScalar();')");

    // ARCH09x: the generator itself.
    public static readonly DiagnosticDescriptor InternalError = Error("ARCH090",
        "The generator could not read the declaration",
        "The Architectures generator could not read '{0}' ({1}: {2}); please report this with the declaration");

    // ARCH06x: mobile and RegNet declarations.
    public static readonly DiagnosticDescriptor InvalidUnit = Error("ARCH060",
        "Invalid unit",
        "{0}");

    public static readonly DiagnosticDescriptor ConflictingNetworkAttributes = Error("ARCH061",
        "Conflicting network attributes",
        "'{0}' declares more than one network ({1}); a class is one architecture");

    public static readonly DiagnosticDescriptor ConflictingGeneratingAttributes = Error("ARCH062",
        "A class carries two generating attributes",
        "'{0}' carries {1}; a class is one network, one excitation variant or one custom block, so keep one of them");

    public static readonly DiagnosticDescriptor RepeatedGeneratingAttribute = Error("ARCH063",
        "Generating attribute repeated on a partial part",
        "'{0}' carries {1} again on another partial declaration; keep one");

    public static readonly DiagnosticDescriptor UnitNotForFamily = Error("ARCH064",
        "Unit attribute of another network family",
        "{0} does not apply to a {1}: it declares units of {2}");

    public static readonly DiagnosticDescriptor InvalidScaling = Error("ARCH066",
        "Invalid scaling parameters",
        "{0}");

    public static readonly IReadOnlyList<DiagnosticDescriptor> All = new[]
    {
        NotPartial, UnsupportedClassShape, HasBaseClass, SEWithoutNetwork, MemberClash, PrimaryConstructor,
        ReductionNotPositive, ReductionExceedsChannels, ReductionDoesNotDivide,
        NoStages, EmptyStage, NotPositive, WidthsCountMismatch, GroupsDoNotDivide, TooLarge, CountOverflow, UndefinedEnumValue, DeepStemOddWidth,
        UnknownStage, ConflictingSE, PlacementNotSupported, KnobNotForFamily, EmptyStages, AttributeWithoutNetwork, BranchSignature, UnsafeBatchNorm, TemporaryScalar, UnitNotForFamily,
        SEDiffersFromKnownModel, InvalidScaling,
        ParameterCountMismatch, MultiplyAddsMismatch,
        KnobsConflict, NotAVariant, ExcitationWithoutChannels, InvalidUnit, ConflictingNetworkAttributes,
        ConflictingGeneratingAttributes, RepeatedGeneratingAttribute, InternalError,
    };

    private static readonly Dictionary<string, DiagnosticDescriptor> Index = All.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => Index[id];

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
}
