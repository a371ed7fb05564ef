using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Architectures.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Architectures.Generators.Parsing.DeclarationChecks;
using static Architectures.Generators.Diagnostics.DiagnosticDescriptors;

namespace Architectures.Generators.Parsing;

/// <summary>Reads excitation knobs ([SEBlock], [Excitation]) and checks their combinations, for every family.</summary>
internal static class ExcitationParser
{
    public const string SEBlockAttribute = "Architectures.SEBlockAttribute";
    public const string ExcitationAttribute = "Architectures.ExcitationAttribute";

    public const int DefaultReduction = 16;

    public static readonly SEModel Defaults = new(ExcitationKind.SqueezeExcitation, DefaultReduction, 0, 0, 0.9, 0,
        ReferenceKind.Channels, RoundingKind.Floor, ActivationKind.ReLU, SqueezeKind.Average, GateKind.Sigmoid, true,
        Placement.Standard, null);

    /// <summary>The knobs this attribute names, applied over <paramref name="knobs"/> (unnamed knobs keep their values).</summary>
    public static SEModel Apply(SEModel knobs, AttributeReader reader)
    {
        var kind = reader.Has("Kind") ? (ExcitationKind)reader.Int("Kind", 0) : knobs.Kind;
        // Naming coordinate attention brings timm's CoordAttn defaults for the knobs not named alongside it.
        if (reader.Has("Kind") && kind == ExcitationKind.CoordinateAttention && knobs.Kind != kind)
            knobs = knobs with { Divisor = 8, RoundLimit = 0, Bias = false, Activation = ActivationKind.HardSwish };
        return new SEModel(
            kind,
            reader.Has("Reduction") ? reader.Int("Reduction", DefaultReduction) : knobs.Reduction,
            reader.Has("ReducedChannels") ? reader.Int("ReducedChannels", 0) : knobs.ReducedChannels,
            reader.Has("Divisor") ? reader.Int("Divisor", 0) : knobs.Divisor,
            reader.Has("RoundLimit") ? reader.Double("RoundLimit", 0.9) : knobs.RoundLimit,
            reader.Has("MinChannels") ? reader.Int("MinChannels", 0) : knobs.MinChannels,
            reader.Has("Reference") ? (ReferenceKind)reader.Int("Reference", 0) : knobs.Reference,
            reader.Has("Rounding") ? (RoundingKind)reader.Int("Rounding", 0) : knobs.Rounding,
            reader.Has("Activation") ? (ActivationKind)reader.Int("Activation", 0) : knobs.Activation,
            reader.Has("Squeeze") ? (SqueezeKind)reader.Int("Squeeze", 0) : knobs.Squeeze,
            reader.Has("Gate") ? (GateKind)reader.Int("Gate", 0) : knobs.Gate,
            reader.Has("Bias") ? reader.Bool("Bias", true)
                : reader.Has("Kind") && kind == ExcitationKind.CbamChannel ? false // CBAM's shared MLP has no biases unless asked
                : knobs.Bias,
            reader.Has("Placement") ? (Placement)reader.Int("Placement", 0) : knobs.Placement,
            knobs.Variant);
    }

    /// <summary>Checks the knobs one attribute names for impossible values and combinations.</summary>
    public static void Validate(AttributeReader reader, List<DiagnosticInfo> diagnostics)
    {
        if (reader.Has("Reduction") && reader.Int("Reduction", DefaultReduction) <= 0)
            diagnostics.Add(DiagnosticInfo.Create(ReductionNotPositive, reader.LocationOf("Reduction"), reader.Int("Reduction", 0)));
        foreach (string name in new[] { "ReducedChannels", "Divisor" })
        {
            if (reader.Has(name) && reader.Int(name, 0) <= 0)
                diagnostics.Add(DiagnosticInfo.Create(NotPositive, reader.LocationOf(name), name, reader.Int(name, 0)));
        }
        foreach (string name in new[] { "Reduction", "ReducedChannels", "Divisor", "MinChannels" })
            if (reader.Has(name)) Limits.Check(reader.Int(name, 0), Limits.MaxChannels, name, reader.LocationOf(name), diagnostics);
        if (reader.Has("MinChannels") && reader.Int("MinChannels", 0) < 0)
            diagnostics.Add(DiagnosticInfo.Create(NotPositive, reader.LocationOf("MinChannels"), "MinChannels", reader.Int("MinChannels", 0)));
        bool implicitDivisor = reader.Has("Kind") && (ExcitationKind)reader.Int("Kind", 0) == ExcitationKind.CoordinateAttention;
        if (reader.Has("RoundLimit") && !reader.Has("Divisor") && !implicitDivisor)
            diagnostics.Add(DiagnosticInfo.Create(KnobsConflict, reader.LocationOf("RoundLimit"),
                "RoundLimit only applies when rounding to a Divisor; set Divisor (e.g. 8) or remove RoundLimit"));
        if (reader.Has("RoundLimit") && reader.Double("RoundLimit", 0.9) is var limit && !(limit > 0 && limit <= 1)) // NaN fails too
            diagnostics.Add(DiagnosticInfo.Create(KnobsConflict, reader.LocationOf("RoundLimit"), $"RoundLimit {limit} must lie in (0, 1]"));
        if (reader.Has("Rounding") && (reader.Has("Divisor") || implicitDivisor))
            diagnostics.Add(DiagnosticInfo.Create(KnobsConflict, reader.LocationOf("Rounding"),
                "Rounding does not apply with a Divisor: make_divisible rounds to the nearest multiple"));
        if (reader.Has("ReducedChannels") && (reader.Has("Reduction") || reader.Has("Divisor")))
            diagnostics.Add(DiagnosticInfo.Create(KnobsConflict, reader.LocationOf("ReducedChannels"),
                "ReducedChannels fixes the hidden width; Reduction and Divisor would be ignored"));

        var kind = (ExcitationKind)reader.Int("Kind", 0);
        if (!reader.Has("Kind")) return;
        if (kind is ExcitationKind.ECA or ExcitationKind.CircularECA or ExcitationKind.EffectiveSE or ExcitationKind.GatherExcite)
        {
            foreach (string name in new[] { "Reduction", "ReducedChannels", "Divisor", "MinChannels", "Reference", "Rounding", "Activation" })
                if (reader.Has(name))
                    diagnostics.Add(DiagnosticInfo.Create(KnobsConflict, reader.LocationOf(name),
                        $"{kind} has no hidden layer, so {name} has no meaning; remove it"));
        }
        if (kind is ExcitationKind.ECA or ExcitationKind.CircularECA or ExcitationKind.GatherExcite && reader.Has("Bias") && reader.Bool("Bias", true))
            diagnostics.Add(DiagnosticInfo.Create(KnobsConflict, reader.LocationOf("Bias"), $"{kind} has no bias"));
        if (kind is ExcitationKind.CbamChannel && reader.Has("Squeeze"))
            diagnostics.Add(DiagnosticInfo.Create(KnobsConflict, reader.LocationOf("Squeeze"), "CbamChannel always squeezes by both average and max"));
        if (kind is ExcitationKind.CoordinateAttention && reader.Has("Squeeze"))
            diagnostics.Add(DiagnosticInfo.Create(KnobsConflict, reader.LocationOf("Squeeze"), "CoordinateAttention squeezes rows and columns (strip means); Squeeze has no meaning"));
        if (kind is ExcitationKind.NoSqueeze && reader.Has("Squeeze"))
            diagnostics.Add(DiagnosticInfo.Create(KnobsConflict, reader.LocationOf("Squeeze"), "NoSqueeze does not squeeze; Squeeze has no meaning"));
    }

    /// <summary>
    /// Resolves [SEBlock(Variant = typeof(X))]: X must carry [Excitation]; its knobs replace the attribute's, and
    /// the emitted code instantiates X. Returns null (with a diagnostic) when X is not a variant.
    /// </summary>
    public static SEModel? ResolveVariant(AttributeReader reader, SEModel knobs, CancellationToken cancellationToken, List<DiagnosticInfo> diagnostics)
    {
        if (reader.TypeArgument("Variant") is not { } variant) return knobs;
        AttributeData? declaration = variant.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == ExcitationAttribute);
        if (declaration is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(NotAVariant, reader.LocationOf("Variant"), variant.ToDisplayString()));
            return null;
        }
        foreach (string knob in KnobNames.Where(reader.Has))
            diagnostics.Add(DiagnosticInfo.Create(KnobsConflict, reader.LocationOf(knob),
                $"{knob} is set by the variant {variant.Name}; declare it there, or drop Variant"));
        var variantReader = new AttributeReader(declaration, cancellationToken);
        var variantProblems = new List<DiagnosticInfo>();
        Validate(variantReader, variantProblems);
        CheckVariantIsGenerated(variant, Apply(Defaults, variantReader), cancellationToken, variantProblems);
        if (!variantReader.CheckEnumValues(variantProblems) || variantProblems.Any(IsError))
        {
            // The variant reports its own errors where it is declared; here the network only says why it stops.
            diagnostics.Add(DiagnosticInfo.Create(KnobsConflict, reader.LocationOf("Variant"),
                $"The variant {variant.Name} has invalid knobs or cannot be generated (reported on its declaration); fix it there"));
            return null;
        }
        SEModel variantKnobs = Apply(Defaults, variantReader);
        return variantKnobs with { Placement = knobs.Placement, Variant = variant.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) };
    }

    /// <summary>
    /// A variant declared in this compilation is generated only when its own declaration is sound (partial, top level,
    /// one generating attribute, no clashing member); otherwise the network's generated code would call a constructor
    /// that does not exist. The same checks as the variant's own parser, collected here instead of reported twice.
    /// </summary>
    private static void CheckVariantIsGenerated(INamedTypeSymbol variant, SEModel knobs, CancellationToken cancellationToken, List<DiagnosticInfo> problems)
    {
        if (variant.DeclaringSyntaxReferences.Length == 0) return; // from a referenced assembly: generated there
        foreach (SyntaxReference reference in variant.DeclaringSyntaxReferences)
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax syntax)
                CheckClassShape(variant, syntax, problems, requiredBase: "Architectures.Modules.");
        if (!CheckSingleGeneratingAttribute(variant, ExcitationAttribute, null, cancellationToken, problems))
            problems.Add(DiagnosticInfo.Create(ConflictingGeneratingAttributes, null, variant.Name, "more than one generating attribute"));
        if (!problems.Any(IsError))
            MemberClashes.Check(variant, new[] { Emit.ExcitationEmitter.EmitVariant(new ExcitationVariantModel(Namespace(variant), variant.Name, knobs)) },
                cancellationToken, problems);
    }

    /// <summary>The knobs an [Excitation] variant owns (everything but where SE goes).</summary>
    public static readonly string[] KnobNames =
    {
        "Kind", "Reduction", "ReducedChannels", "Divisor", "RoundLimit", "MinChannels", "Reference", "Rounding",
        "Activation", "Squeeze", "Gate", "Bias",
    };

    public static List<AttributeReader> SEAttributes(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == ExcitationParser.SEBlockAttribute)
            .Select(a => new AttributeReader(a, cancellationToken)).Where(r => r.IsValid).ToList();

    /// <summary>
    /// The one network-wide [SEBlock] of a family whose units choose SE themselves (no stages or placements); the knobs
    /// it does not name take the family's <paramref name="preset"/> (torchvision's excitation for that family).
    /// </summary>
    public static SEModel? ReadNetworkSE(INamedTypeSymbol type, string family, CancellationToken cancellationToken, List<DiagnosticInfo> diagnostics,
        SEModel? preset = null)
    {
        var attributes = SEAttributes(type, cancellationToken);
        foreach (AttributeReader extra in attributes.Skip(1))
            diagnostics.Add(DiagnosticInfo.Create(ConflictingSE, extra.Location, $"A {family} has one [SEBlock]; its units say which of them get it"));
        AttributeReader? reader = attributes.FirstOrDefault();
        if (reader is null) return null;
        foreach (string knob in new[] { "Stage", "Stages", "Placement" })
            if (reader.Has(knob))
                diagnostics.Add(DiagnosticInfo.Create(KnobNotForFamily, reader.LocationOf(knob),
                    $"{knob} does not apply to a {family}: the excitation sits after the unit's depthwise or grouped convolution"));
        ExcitationParser.Validate(reader, diagnostics);
        return ExcitationParser.ResolveVariant(reader, ExcitationParser.Apply(preset ?? ExcitationParser.Defaults, reader), cancellationToken, diagnostics);
    }

    /// <summary>A class carrying [Excitation]: a reusable variant.</summary>
    public static ParseResult ParseVariant(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        // A variant derives from the runtime module of its kind, so a base class from Architectures.Modules is fine.
        var declaration = new Declaration(context, networkAttribute: null, cancellationToken, requiredBase: "Architectures.Modules.");
        if (!declaration.CanRead) return declaration.Result(null);
        Validate(declaration.Attribute, declaration.Diagnostics);
        SEModel knobs = Apply(Defaults, declaration.Attribute);
        return declaration.Result(new ExcitationVariantModel(Namespace(declaration.Type), declaration.Type.Name, knobs));
    }
}
