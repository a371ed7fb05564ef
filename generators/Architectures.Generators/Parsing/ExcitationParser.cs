using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Architectures.Generators.Counting;
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

    /// <summary>The knobs of a bare [SEBlock]: the attribute's own defaults.</summary>
    public static readonly SEModel Defaults = Knobs(new SEBlockAttribute(), null);

    private static SEModel Knobs(SEBlockAttribute a, string? variant) => new(a.Kind, a.Reduction, a.ReducedChannels, a.Divisor,
        a.RoundLimit, a.MinChannels, a.Reference, a.Rounding, a.Activation, a.Squeeze, a.Gate, a.Bias, a.Placement, variant);

    /// <summary>
    /// The knobs this attribute names, applied over <paramref name="knobs"/> (unnamed knobs keep their values). Naming
    /// another kind first brings that kind's defaults (its row in <see cref="ExcitationKinds"/>: timm's, e.g. coordinate
    /// attention's divisor 8, no bias, hard-swish) for the knobs not named alongside it.
    /// </summary>
    public static SEModel Apply(SEModel knobs, AttributeReader reader)
    {
        ExcitationKnobsAttribute a = reader.As<ExcitationKnobsAttribute>();
        bool Has(string name) => reader.Has(name);
        ExcitationKind kind = Has(nameof(a.Kind)) ? a.Kind : knobs.Kind;
        if (kind != knobs.Kind)
        {
            ExcitationKindInfo row = ExcitationCounter.Row(kind);
            knobs = knobs with
            {
                Divisor = row.DefaultDivisor ?? knobs.Divisor,
                RoundLimit = row.DefaultRoundLimit ?? knobs.RoundLimit,
                Bias = row.DefaultBias ?? knobs.Bias,
                Activation = row.DefaultActivation ?? knobs.Activation,
            };
        }
        return new SEModel(
            kind,
            Has(nameof(a.Reduction)) ? a.Reduction : knobs.Reduction,
            Has(nameof(a.ReducedChannels)) ? a.ReducedChannels : knobs.ReducedChannels,
            Has(nameof(a.Divisor)) ? a.Divisor : knobs.Divisor,
            Has(nameof(a.RoundLimit)) ? a.RoundLimit : knobs.RoundLimit,
            Has(nameof(a.MinChannels)) ? a.MinChannels : knobs.MinChannels,
            Has(nameof(a.Reference)) ? a.Reference : knobs.Reference,
            Has(nameof(a.Rounding)) ? a.Rounding : knobs.Rounding,
            Has(nameof(a.Activation)) ? a.Activation : knobs.Activation,
            Has(nameof(a.Squeeze)) ? a.Squeeze : knobs.Squeeze,
            Has(nameof(a.Gate)) ? a.Gate : knobs.Gate,
            Has(nameof(a.Bias)) ? a.Bias : knobs.Bias,
            a is SEBlockAttribute se && Has(nameof(se.Placement)) ? se.Placement : knobs.Placement,
            knobs.Variant);
    }

    /// <summary>The knobs that set a hidden layer's width or non-linearity: meaningless for a kind without one.</summary>
    private static readonly string[] HiddenLayerKnobs = { "Reduction", "ReducedChannels", "Divisor", "MinChannels", "Reference", "Rounding", "Activation" };

    /// <summary>Checks the knobs one attribute names for impossible values and combinations.</summary>
    public static void Validate(AttributeReader reader, List<DiagnosticInfo> diagnostics)
    {
        ExcitationKnobsAttribute a = reader.As<ExcitationKnobsAttribute>();
        if (reader.Has("Reduction") && a.Reduction <= 0)
            diagnostics.Add(DiagnosticInfo.Create(ReductionNotPositive, reader.LocationOf("Reduction"), a.Reduction));
        foreach (string name in new[] { "ReducedChannels", "Divisor" })
        {
            if (reader.Has(name) && reader.Int(name) <= 0)
                diagnostics.Add(DiagnosticInfo.Create(NotPositive, reader.LocationOf(name), name, reader.Int(name)));
        }
        foreach (string name in new[] { "Reduction", "ReducedChannels", "Divisor", "MinChannels" })
            if (reader.Has(name)) Limits.Check(reader.Int(name), Limits.MaxChannels, name, reader.LocationOf(name), diagnostics);
        if (reader.Has("MinChannels") && a.MinChannels < 0)
            diagnostics.Add(DiagnosticInfo.Create(NotPositive, reader.LocationOf("MinChannels"), "MinChannels", a.MinChannels));
        ExcitationKindInfo? row = reader.Has("Kind") ? ExcitationCounter.Row(a.Kind) : null;
        bool implicitDivisor = row?.DefaultDivisor is not null;
        if (reader.Has("RoundLimit") && !reader.Has("Divisor") && !implicitDivisor)
            diagnostics.Add(DiagnosticInfo.Create(KnobsConflict, reader.LocationOf("RoundLimit"),
                "RoundLimit only applies when rounding to a Divisor; set Divisor (e.g. 8) or remove RoundLimit"));
        if (reader.Has("RoundLimit") && a.RoundLimit is var limit && !(limit > 0 && limit <= 1)) // NaN fails too
            diagnostics.Add(DiagnosticInfo.Create(KnobsConflict, reader.LocationOf("RoundLimit"), $"RoundLimit {limit} must lie in (0, 1]"));
        if (reader.Has("Rounding") && (reader.Has("Divisor") || implicitDivisor))
            diagnostics.Add(DiagnosticInfo.Create(KnobsConflict, reader.LocationOf("Rounding"),
                "Rounding does not apply with a Divisor: make_divisible rounds to the nearest multiple"));
        if (reader.Has("ReducedChannels") && (reader.Has("Reduction") || reader.Has("Divisor")))
            diagnostics.Add(DiagnosticInfo.Create(KnobsConflict, reader.LocationOf("ReducedChannels"),
                "ReducedChannels fixes the hidden width; Reduction and Divisor would be ignored"));

        if (row is null) return;
        ExcitationKind kind = a.Kind;
        if (!row.HasHiddenLayer)
        {
            foreach (string name in HiddenLayerKnobs)
                if (reader.Has(name))
                    diagnostics.Add(DiagnosticInfo.Create(KnobsConflict, reader.LocationOf(name),
                        $"{kind} has no hidden layer, so {name} has no meaning; remove it"));
        }
        if (!row.Takes(ExcitationArguments.Bias) && reader.Has("Bias") && a.Bias)
            diagnostics.Add(DiagnosticInfo.Create(KnobsConflict, reader.LocationOf("Bias"), $"{kind} has no bias"));
        if (row.SqueezeRejection is { } why && reader.Has("Squeeze"))
            diagnostics.Add(DiagnosticInfo.Create(KnobsConflict, reader.LocationOf("Squeeze"), $"{kind} {why}"));
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
