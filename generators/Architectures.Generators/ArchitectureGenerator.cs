using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Architectures.Generators.Counting;
using Architectures.Generators.Emit;
using Architectures.Generators.Model;
using Architectures.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Architectures.Generators;

/// <summary>
/// The pipeline only, driven by <see cref="NetworkFamilies.All"/>: each family's attribute → its parser (diagnostics,
/// and for a valid declaration its plan, computed once) → the family's emitter; every family's plans → the catalog;
/// variants and custom blocks → their emitters; attributes that declare nothing → warnings.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ArchitectureGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var plans = new List<IncrementalValueProvider<ImmutableArray<NetworkPlan>>>();
        foreach (NetworkFamily family in NetworkFamilies.All)
        {
            IncrementalValuesProvider<NetworkPlan> networks = Parse(context, family.TrackingName, family.Attribute, family.Parse)
                .SelectMany(static (result, _) => OneOrNone(result.Plan))
                .WithTrackingName(TrackingNames.Models(family.TrackingName));
            context.RegisterSourceOutput(networks, (spc, plan) => Guarded(spc, plan.Model, plan.ClassName, () => family.Files(plan)));
            plans.Add(networks.Collect().WithTrackingName(TrackingNames.Networks));
        }

        // The families' plans joined into one list; the catalog compares it by value, so it is rewritten only when a
        // network's model changes.
        IncrementalValueProvider<EquatableArray<NetworkPlan>> catalog = plans
            .Aggregate(static (all, next) => all.Combine(next).WithTrackingName(TrackingNames.Networks)
                .Select(static (pair, _) => pair.Left.AddRange(pair.Right))
                .WithTrackingName(TrackingNames.Networks))
            .Select(static (all, _) => all.ToEquatableArray())
            .WithTrackingName(TrackingNames.Catalog);
        context.RegisterSourceOutput(catalog, static (spc, networks) =>
        {
            if (networks.Count == 0) return;
            Guarded(spc, null, "the architecture catalog", () => new[] { (CatalogEmitter.FileName, CatalogEmitter.Emit(networks.ToList())) });
        });

        var variants = Parse(context, TrackingNames.Variants, ExcitationParser.ExcitationAttribute, ExcitationParser.ParseVariant)
            .SelectMany(static (result, _) => OneOrNone(result.Model))
            .WithTrackingName(TrackingNames.Models(TrackingNames.Variants));
        context.RegisterSourceOutput(variants, static (spc, model) => Guarded(spc, model, model.ClassName, () => GeneratedFiles.For(model)));

        var blocks = Parse(context, TrackingNames.CustomBlocks, CustomBlockParser.CustomBlockAttribute, CustomBlockParser.ParseBlock)
            .SelectMany(static (result, _) => OneOrNone(result.Model))
            .WithTrackingName(TrackingNames.Models(TrackingNames.CustomBlocks));
        context.RegisterSourceOutput(blocks, static (spc, model) => Guarded(spc, model, model.ClassName, () => GeneratedFiles.For(model)));

        Orphans(context, ExcitationParser.SEBlockAttribute, TrackingNames.OrphanSE, TrackingNames.OrphanSEDiagnostics, ResNetParser.CheckOrphanSE);

        // Count assertions and unit attributes do nothing without a network: the families' unit attributes, from the table.
        var networkOnly = new[] { DeclarationChecks.ExpectParametersAttribute, DeclarationChecks.ExpectMultiplyAddsAttribute }
            .Concat(NetworkFamilies.All.SelectMany(f => f.UnitAttributes)).Distinct();
        foreach (string attribute in networkOnly)
            Orphans(context, attribute, TrackingNames.OrphanNetworkAttributes, TrackingNames.OrphanNetworkAttributeDiagnostics,
                ResNetParser.CheckOrphanNetworkAttribute);
    }

    /// <summary>ForAttributeWithMetadataName → parser, with diagnostics reported; returns every parse result.</summary>
    private static IncrementalValuesProvider<ParseResult> Parse(IncrementalGeneratorInitializationContext context, string family,
        string attribute, Func<GeneratorAttributeSyntaxContext, CancellationToken, ParseResult> parse)
    {
        IncrementalValuesProvider<ParseResult> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(attribute, static (node, _) => node is TypeDeclarationSyntax, (syntax, token) => Safely(parse, syntax, token, static error => new ParseResult(null, error)))
            .WithTrackingName(TrackingNames.Parsed(family));
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = parsed
            .SelectMany(static (result, _) => result.Diagnostics.Count > 0 ? ImmutableArray.Create(result.Diagnostics) : ImmutableArray<EquatableArray<DiagnosticInfo>>.Empty)
            .WithTrackingName(TrackingNames.Diagnostics(family));
        context.RegisterSourceOutput(diagnostics, ReportDiagnostics);
        return parsed;
    }

    /// <summary>A step's outputs for one input: the value, or nothing (one step where Where + Select would be two).</summary>
    private static ImmutableArray<T> OneOrNone<T>(T? value) where T : class =>
        value is null ? ImmutableArray<T>.Empty : ImmutableArray.Create(value);

    /// <summary>Warnings for an attribute on a class that it does nothing for.</summary>
    private static void Orphans(IncrementalGeneratorInitializationContext context, string attribute, string checks, string diagnostics,
        Func<GeneratorAttributeSyntaxContext, CancellationToken, EquatableArray<DiagnosticInfo>> check)
    {
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> found = context.SyntaxProvider
            .ForAttributeWithMetadataName(attribute, static (node, _) => node is TypeDeclarationSyntax, (syntax, token) => Safely(check, syntax, token, static error => error))
            .WithTrackingName(checks)
            .Where(static d => d.Count > 0)
            .WithTrackingName(diagnostics);
        context.RegisterSourceOutput(found, ReportDiagnostics);
    }

    /// <summary>
    /// The parsers and checks report bad input as diagnostics; this turns anything they did not foresee into one too
    /// (ARCH090, on the class) instead of an exception that would silently drop the generator's output.
    /// </summary>
    private static T Safely<T>(Func<GeneratorAttributeSyntaxContext, CancellationToken, T> step, GeneratorAttributeSyntaxContext syntax,
        CancellationToken cancellationToken, Func<EquatableArray<DiagnosticInfo>, T> failed)
    {
        try
        {
            return step(syntax, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return failed(new[] { InternalError((TypeDeclarationSyntax)syntax.TargetNode, e) }.ToEquatableArray());
        }
    }

    /// <summary>
    /// Every output callback runs through here: the files are all written first, then added, so a failure adds none of
    /// them and becomes ARCH090 on the class. An exception escaping a callback would be CS8785, which drops the output
    /// of every architecture in the compilation, not only this one.
    /// </summary>
    private static void Guarded(SourceProductionContext context, ArchitectureModel? model, string name, Func<IReadOnlyList<(string HintName, string Text)>> files)
    {
        try
        {
            var written = files().Select(f => (f.HintName, Text: GlobalQualifier.Qualify(f.Text))).ToList();
            foreach (var (hintName, text) in written) context.AddSource(hintName, text);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            context.ReportDiagnostic(InternalError(model?.Location, name, e).ToDiagnostic());
        }
    }

    /// <summary>ARCH090 on the class's name, quoting the exception.</summary>
    internal static DiagnosticInfo InternalError(TypeDeclarationSyntax declaration, Exception exception) =>
        InternalError(LocationInfo.From(declaration.Identifier.GetLocation()), declaration.Identifier.ValueText, exception);

    internal static DiagnosticInfo InternalError(LocationInfo? location, string name, Exception exception) =>
        DiagnosticInfo.Create(Diagnostics.DiagnosticDescriptors.InternalError, location, name, exception.GetType().Name, exception.Message);

    private static void ReportDiagnostics(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (DiagnosticInfo info in diagnostics) context.ReportDiagnostic(info.ToDiagnostic());
    }
}
