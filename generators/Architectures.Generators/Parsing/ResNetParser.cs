using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Architectures.Generators.Counting;
using Architectures.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Architectures.Generators.Diagnostics.DiagnosticDescriptors;
using static Architectures.Generators.Parsing.DeclarationChecks;

namespace Architectures.Generators.Parsing;

/// <summary>
/// Turns a class carrying [ResNet] (and its [SEBlock], [ExpectParameters], … attributes) into a
/// <see cref="ResNetModel"/>. Never throws on bad input: every problem becomes a <see cref="DiagnosticInfo"/>
/// located on the offending argument, and an invalid declaration yields no model.
/// </summary>
internal static class ResNetParser
{
    public const string ResNetAttribute = "Architectures.ResNetAttribute";

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var declaration = new Declaration(context, ResNetAttribute, cancellationToken);
        if (!declaration.CanRead) return declaration.Result(null);
        INamedTypeSymbol type = declaration.Type;
        List<DiagnosticInfo> diagnostics = declaration.Diagnostics;

        ResNetModel? model = ReadNetwork(type, declaration.Attribute, diagnostics);
        if (model is null || declaration.HasErrors) return declaration.Result(null);

        // The [SEBlock] attributes are read once: resolving the stages and locating width diagnostics share them.
        var declarations = SEDeclarations(type, cancellationToken);
        model = ApplySE(type, model, declarations, cancellationToken, diagnostics);
        if (declaration.HasErrors) return declaration.Result(null);

        NetworkPlan? plan = Limits.TryPlan(() => ResNetCounter.Plan(model), type.Name, declaration.Attribute, diagnostics);
        if (plan is null) return declaration.Result(null);
        CheckReductions(plan, declarations, diagnostics);
        CheckExpectations(plan, type, cancellationToken, diagnostics);
        return declaration.Planned(plan);
    }

    /// <summary>For classes that carry [ExpectParameters], [ExpectMultiplyAdds] or a unit attribute but no network: warn that it does nothing.</summary>
    public static EquatableArray<DiagnosticInfo> CheckOrphanNetworkAttribute(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() is { } name && NetworkAttributes.Contains(name)))
            return EquatableArray<DiagnosticInfo>.Empty;
        return context.Attributes.Select(a => DiagnosticInfo.Create(AttributeWithoutNetwork, new AttributeReader(a, cancellationToken).Location,
            ShortName(a.AttributeClass!.ToDisplayString()), context.TargetSymbol.Name)).ToEquatableArray();
    }

    /// <summary>For classes that carry [SEBlock] but no network declaration: warn that it does nothing.</summary>
    public static EquatableArray<DiagnosticInfo> CheckOrphanSE(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        bool hasNetwork = context.TargetSymbol.GetAttributes().Any(a =>
            a.AttributeClass?.ToDisplayString() is { } name && (NetworkAttributes.Contains(name) || name == CustomBlockParser.CustomBlockAttribute));
        if (hasNetwork) return EquatableArray<DiagnosticInfo>.Empty;
        var location = new AttributeReader(context.Attributes[0], cancellationToken).Location;
        return new[] { DiagnosticInfo.Create(SEWithoutNetwork, location, context.TargetSymbol.Name) }.ToEquatableArray();
    }

    private static ResNetModel? ReadNetwork(INamedTypeSymbol type, AttributeReader network, List<DiagnosticInfo> diagnostics)
    {
        if (network.PositionalCount < 2) return null;
        ResNetAttribute resnet = network.As<ResNetAttribute>();
        Block block = resnet.Block;
        int[] blocks = resnet.BlocksPerStage ?? new int[0];
        if (blocks.Length == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(NoStages, network.Location, type.Name,
                "give the number of units per stage, e.g. [ResNet(Block.Bottleneck, 3, 4, 6, 3)]"));
            return null;
        }
        for (int i = 0; i < blocks.Length; i++)
        {
            // The stage counts follow the block kind in the constructor call: positional argument i + 1.
            if (blocks[i] <= 0) diagnostics.Add(DiagnosticInfo.Create(EmptyStage, network.LocationOfPositional(i + 1), i + 1, blocks[i]));
        }
        if (!Limits.CheckUnits(blocks, i => network.LocationOfPositional(i + 1), diagnostics)) return null;

        int[] widths;
        if (resnet.Widths is { } declared)
        {
            widths = declared;
            if (widths.Length != blocks.Length)
                diagnostics.Add(DiagnosticInfo.Create(WidthsCountMismatch, network.LocationOf("Widths"), widths.Length, blocks.Length));
            for (int i = 0; i < widths.Length; i++)
                if (widths[i] <= 0)
                    diagnostics.Add(DiagnosticInfo.Create(NotPositive, network.LocationOfElement("Widths", i), $"Widths[{i}] (stage {i + 1})", widths[i]));
        }
        else
        {
            widths = Enumerable.Range(0, blocks.Length).Select(i => 64 << System.Math.Min(i, 20)).ToArray();
        }

        for (int i = 0; i < widths.Length; i++)
            Limits.Check(widths[i], Limits.MaxChannels, $"The width of stage {i + 1}",
                network.Has("Widths") ? network.LocationOfElement("Widths", i) : network.LocationOfPositional(i + 1), diagnostics);
        int inputChannels = network.Bounded("InputChannels", Limits.MaxChannels, diagnostics);
        int classes = network.Bounded("Classes", Limits.MaxChannels, diagnostics);
        int inputSize = network.Bounded("InputSize", Limits.MaxInputSize, diagnostics);
        int cardinality = network.Bounded("Cardinality", Limits.MaxChannels, diagnostics);
        int baseWidth = network.Bounded("BaseWidth", Limits.MaxChannels, diagnostics);
        Stem stem = resnet.Stem;
        Shortcut shortcut = resnet.Shortcut;
        StrideOn strideOn = resnet.StrideOn;
        if (diagnostics.Any(IsError)) return null;

        // The deep stem's first two convolutions have half the first stage's width (timm: stem_width = inplanes / 2).
        if (stem == Stem.Deep && widths[0] % 2 != 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DeepStemOddWidth, network.Has("Widths") ? network.LocationOfElement("Widths", 0) : network.LocationOf("Stem"), widths[0]));
            return null;
        }

        if (block == Block.Basic && (cardinality != 1 || baseWidth != 64))
        {
            string name = cardinality != 1 ? "Cardinality" : "BaseWidth";
            diagnostics.Add(DiagnosticInfo.Create(GroupsDoNotDivide, network.LocationOf(name),
                $"Basic units have one group of 64 channels per 64 planes; {name} {network.Int(name)} needs Block.Bottleneck"));
            return null;
        }
        if (block == Block.Bottleneck)
        {
            for (int i = 0; i < widths.Length; i++)
            {
                if ((long)widths[i] * baseWidth % 64 != 0)
                {
                    diagnostics.Add(DiagnosticInfo.Create(GroupsDoNotDivide, network.LocationOf("BaseWidth"),
                        string.Format(CultureInfo.InvariantCulture,
                            "Stage {0}: {1} planes × BaseWidth {2} / 64 = {3} channels per group is not a whole number, so {4} groups cannot split the bottleneck width evenly",
                            i + 1, widths[i], baseWidth, widths[i] * baseWidth / 64.0, cardinality)));
                    return null;
                }
            }
        }

        if (block == Block.Bottleneck)
        {
            for (int i = 0; i < widths.Length; i++)
            {
                long width = (long)widths[i] * baseWidth / 64 * cardinality;
                string name = network.Has("Cardinality") || !network.Has("BaseWidth") ? "Cardinality" : "BaseWidth";
                if (!Limits.Check(width, Limits.MaxChannels, $"The bottleneck width of stage {i + 1} ({widths[i]} planes × BaseWidth {baseWidth} / 64 × Cardinality {cardinality})",
                        network.Has(name) ? network.LocationOf(name) : network.Location, diagnostics))
                    return null;
            }
        }

        var stages = blocks.Select((count, i) => new StageModel(i + 1, count, widths[i], null)).ToEquatableArray();
        return new ResNetModel(Namespace(type), type.Name, block, stem, shortcut, strideOn, inputChannels, classes, inputSize, cardinality, baseWidth, stages);
    }

    /// <summary>One [SEBlock] as read.</summary>
    private sealed class SEDeclaration
    {
        public SEDeclaration(AttributeReader reader) => Reader = reader;
        public AttributeReader Reader { get; }
        public int Stage => Reader.As<SEBlockAttribute>().Stage;
        public bool IsOverride => Reader.Has("Stage");
    }

    private static List<SEDeclaration> SEDeclarations(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.GetAttributes()
            .Where(a => a.AttributeClass?.ToDisplayString() == ExcitationParser.SEBlockAttribute)
            .Select(a => new SEDeclaration(new AttributeReader(a, cancellationToken)))
            .Where(d => d.Reader.IsValid)
            .ToList();

    private static ResNetModel ApplySE(INamedTypeSymbol type, ResNetModel model, List<SEDeclaration> declarations,
        CancellationToken cancellationToken, List<DiagnosticInfo> diagnostics)
    {
        if (declarations.Count == 0) return model;
        foreach (SEDeclaration declaration in declarations) ExcitationParser.Validate(declaration.Reader, diagnostics);

        int stageCount = model.Stages.Count;
        var networkWide = declarations.Where(d => !d.IsOverride).ToList();
        foreach (SEDeclaration extra in networkWide.Skip(1))
            diagnostics.Add(DiagnosticInfo.Create(ConflictingSE, extra.Reader.Location,
                "Only one network-wide [SEBlock] is allowed; give the others a Stage to override that stage"));
        SEDeclaration? global = networkWide.FirstOrDefault();

        HashSet<int>? selected = null;
        if (global?.Reader.As<SEBlockAttribute>().Stages is { } stages)
        {
            selected = new HashSet<int>();
            if (stages.Length == 0) diagnostics.Add(DiagnosticInfo.Create(EmptyStages, global.Reader.LocationOf("Stages")));
            for (int i = 0; i < stages.Length; i++)
            {
                if (stages[i] < 1 || stages[i] > stageCount)
                    diagnostics.Add(DiagnosticInfo.Create(UnknownStage, global.Reader.LocationOfElement("Stages", i), stages[i], type.Name, stageCount));
                else if (!selected.Add(stages[i]))
                    diagnostics.Add(DiagnosticInfo.Create(ConflictingSE, global.Reader.LocationOfElement("Stages", i), $"Stage {stages[i]} is listed twice in Stages"));
            }
        }

        var overrides = new Dictionary<int, SEDeclaration>();
        foreach (SEDeclaration declaration in declarations.Where(d => d.IsOverride))
        {
            int stage = declaration.Stage;
            LocationInfo? location = declaration.Reader.LocationOf("Stage");
            if (stage < 1 || stage > stageCount)
                diagnostics.Add(DiagnosticInfo.Create(UnknownStage, location, stage, type.Name, stageCount));
            else if (overrides.ContainsKey(stage))
                diagnostics.Add(DiagnosticInfo.Create(ConflictingSE, location, $"Stage {stage} is overridden twice; merge the two [SEBlock(Stage = {stage})] attributes"));
            else if (declaration.Reader.Has("Stages"))
                diagnostics.Add(DiagnosticInfo.Create(ConflictingSE, declaration.Reader.LocationOf("Stages"), $"A stage override (Stage = {stage}) cannot also list Stages"));
            else if (selected is not null && !selected.Contains(stage))
                diagnostics.Add(DiagnosticInfo.Create(ConflictingSE, location, $"Stage {stage} is overridden but the network-wide [SEBlock] leaves it out of Stages"));
            else
                overrides[stage] = declaration;
        }

        SEModel? Resolve(SEDeclaration declaration, SEModel knobs) =>
            ExcitationParser.ResolveVariant(declaration.Reader, ExcitationParser.Apply(knobs, declaration.Reader), cancellationToken, diagnostics);

        SEModel? globalKnobs = global is null ? null : Resolve(global, ExcitationParser.Defaults);
        var resolved = model.Stages.Select(stage =>
        {
            bool inGlobal = global is not null && (selected is null || selected.Contains(stage.Number));
            overrides.TryGetValue(stage.Number, out SEDeclaration? stageOverride);
            if (!inGlobal && stageOverride is null) return stage;
            SEModel? knobs = globalKnobs ?? ExcitationParser.Defaults;
            if (stageOverride is not null) knobs = Resolve(stageOverride, knobs);
            if (knobs is null) return stage;
            if (knobs.Placement == SEPlacement.AfterConv3x3 && model.Block == Block.Basic)
            {
                SEDeclaration source = stageOverride is not null && stageOverride.Reader.Has("Placement") ? stageOverride : global ?? stageOverride!;
                var unsupported = DiagnosticInfo.Create(PlacementNotSupported, source.Reader.LocationOf("Placement"), "AfterConv3x3", type.Name);
                if (!diagnostics.Contains(unsupported)) diagnostics.Add(unsupported);
            }
            return stage with { SE = knobs.Placement == SEPlacement.None ? null : knobs };
        }).ToEquatableArray();
        return model with { Stages = resolved };
    }

    /// <summary>Checks each stage's hidden width, with the diagnostic on the Reduction that set it.</summary>
    private static void CheckReductions(NetworkPlan plan, List<SEDeclaration> declarations, List<DiagnosticInfo> diagnostics)
    {
        LocationInfo? ReductionLocation(int stage)
        {
            SEDeclaration? source = declarations.FirstOrDefault(d => d.IsOverride && d.Stage == stage && d.Reader.Has("Reduction"))
                ?? declarations.FirstOrDefault(d => !d.IsOverride && d.Reader.Has("Reduction"))
                ?? declarations.FirstOrDefault(d => d.IsOverride && d.Stage == stage)
                ?? declarations.FirstOrDefault(d => !d.IsOverride);
            if (source is null) return null;
            return source.Reader.Has("Variant") ? source.Reader.LocationOf("Variant") : source.Reader.LocationOf("Reduction");
        }

        // One diagnostic per written Reduction: the first error if any stage fails, else the first rounding warning.
        foreach (var group in plan.Units.Where(u => u.SE is not null)
                     .GroupBy(u => ReductionLocation(u.Stage)))
        {
            CheckReducedWidths(group.Select(u => ($"stage {u.Stage}", u.SE!)).Distinct(), group.Key, diagnostics);
        }
    }
}
