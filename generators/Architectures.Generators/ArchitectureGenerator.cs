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
/// The pipeline only: each declaration attribute → its parser (equatable models and diagnostics) → the family's
/// counter and emitter; all networks → <see cref="CatalogEmitter"/>; variants and custom blocks → their emitters.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ArchitectureGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var resnets = Network(context, TrackingNames.ResNets, ResNetParser.ResNetAttribute, ResNetParser.Parse);
        var mobileNets = Network(context, TrackingNames.MobileNetV3s, MobileNetParser.MobileNetV3Attribute, MobileNetParser.ParseMobileNetV3);
        var mobileNetV2s = Network(context, TrackingNames.MobileNetV2s, MobileNetParser.MobileNetV2Attribute, MobileNetParser.ParseMobileNetV2);
        var efficientNets = Network(context, TrackingNames.EfficientNets, MobileNetParser.EfficientNetAttribute, MobileNetParser.ParseEfficientNet);
        var regNets = Network(context, TrackingNames.RegNets, RegNetParser.RegNetAttribute, RegNetParser.Parse);

        IncrementalValueProvider<EquatableArray<ArchitectureModel>> catalog = resnets.Collect()
            .Combine(mobileNets.Collect())
            .Combine(mobileNetV2s.Collect())
            .Combine(efficientNets.Collect())
            .Combine(regNets.Collect())
            .Select(static (all, _) => all.Left.Left.Left.Left.Concat(all.Left.Left.Left.Right).Concat(all.Left.Left.Right)
                .Concat(all.Left.Right).Concat(all.Right).ToEquatableArray())
            .WithTrackingName(TrackingNames.Catalog);
        context.RegisterSourceOutput(catalog, static (spc, models) =>
        {
            if (models.Count == 0) return;
            Guarded(spc, null, "the architecture catalog", () => new[] { (CatalogEmitter.FileName, CatalogEmitter.Emit(models.Select(Planner.Plan).ToList())) });
        });

        var variants = Parse(context, TrackingNames.Variants, ExcitationParser.ExcitationAttribute, ExcitationParser.ParseVariant);
        context.RegisterSourceOutput(variants, static (spc, model) => Guarded(spc, model, model.ClassName, () => GeneratedFiles.For(model)));

        var blocks = Parse(context, TrackingNames.CustomBlocks, CustomBlockParser.CustomBlockAttribute, CustomBlockParser.ParseBlock);
        context.RegisterSourceOutput(blocks, static (spc, model) => Guarded(spc, model, model.ClassName, () => GeneratedFiles.For(model)));

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> orphanSE = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ExcitationParser.SEBlockAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                static (syntax, cancellationToken) => ResNetParser.CheckOrphanSE(syntax, cancellationToken))
            .Where(static d => d.Count > 0)
            .WithTrackingName(TrackingNames.OrphanSEDiagnostics);
        context.RegisterSourceOutput(orphanSE, ReportDiagnostics);

        foreach (string attribute in new[] { DeclarationChecks.ExpectParametersAttribute, DeclarationChecks.ExpectMultiplyAddsAttribute,
                     "Architectures.InvertedResidualAttribute", "Architectures.MBConvStageAttribute" })
        {
            IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> orphans = context.SyntaxProvider
                .ForAttributeWithMetadataName(attribute, static (node, _) => node is TypeDeclarationSyntax,
                    static (syntax, cancellationToken) => ResNetParser.CheckOrphanNetworkAttribute(syntax, cancellationToken))
                .Where(static d => d.Count > 0)
                .WithTrackingName(TrackingNames.OrphanSEDiagnostics);
            context.RegisterSourceOutput(orphans, ReportDiagnostics);
        }
    }

    /// <summary>One network family: parse, report diagnostics, emit the module and its report; returns the valid models.</summary>
    private static IncrementalValuesProvider<ArchitectureModel> Network(IncrementalGeneratorInitializationContext context, string family,
        string attribute, Func<GeneratorAttributeSyntaxContext, CancellationToken, ParseResult> parse)
    {
        IncrementalValuesProvider<ArchitectureModel> networks = Parse(context, family, attribute, parse);
        context.RegisterSourceOutput(networks, static (spc, model) => Guarded(spc, model, model.ClassName, () => GeneratedFiles.For(model)));
        return networks;
    }

    /// <summary>ForAttributeWithMetadataName → parser → diagnostics reported, valid models passed on.</summary>
    private static IncrementalValuesProvider<ArchitectureModel> Parse(IncrementalGeneratorInitializationContext context, string family,
        string attribute, Func<GeneratorAttributeSyntaxContext, CancellationToken, ParseResult> parse)
    {
        IncrementalValuesProvider<ParseResult> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(attribute, static (node, _) => node is TypeDeclarationSyntax, (syntax, token) => SafeParse(parse, syntax, token))
            .WithTrackingName(TrackingNames.Parsed(family));
        context.RegisterSourceOutput(parsed.Select(static (r, _) => r.Diagnostics).Where(static d => d.Count > 0)
            .WithTrackingName(TrackingNames.Diagnostics(family)), ReportDiagnostics);
        return parsed
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(TrackingNames.Models(family));
    }

    /// <summary>
    /// The parsers report bad input as diagnostics; this turns anything they did not foresee into one too (ARCH090,
    /// on the class) instead of an exception that would silently drop the generator's output.
    /// </summary>
    private static ParseResult SafeParse(Func<GeneratorAttributeSyntaxContext, CancellationToken, ParseResult> parse,
        GeneratorAttributeSyntaxContext syntax, CancellationToken cancellationToken)
    {
        try
        {
            return parse(syntax, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ParseResult(null, new[] { InternalError((TypeDeclarationSyntax)syntax.TargetNode, e) }.ToEquatableArray());
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
