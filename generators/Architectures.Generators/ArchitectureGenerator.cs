using System.Collections.Immutable;
using System.Linq;
using Architectures.Generators.Counting;
using Architectures.Generators.Emit;
using Architectures.Generators.Model;
using Architectures.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Architectures.Generators;

/// <summary>
/// The pipeline only: [ResNet] classes → <see cref="ResNetParser"/> (equatable models and diagnostics) →
/// <see cref="NetworkCounter"/> and <see cref="NetworkEmitter"/>; all models → <see cref="CatalogEmitter"/>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ArchitectureGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ResNetParser.ResNetAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (syntax, cancellationToken) => ResNetParser.Parse(syntax, cancellationToken))
            .WithTrackingName(TrackingNames.ParsedNetworks);

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = parsed
            .Select(static (result, _) => result.Diagnostics)
            .Where(static d => d.Count > 0)
            .WithTrackingName(TrackingNames.NetworkDiagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, items) =>
        {
            foreach (DiagnosticInfo info in items) spc.ReportDiagnostic(info.ToDiagnostic());
        });

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> orphanSE = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ResNetParser.SEBlockAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (syntax, cancellationToken) => ResNetParser.CheckOrphanSE(syntax, cancellationToken))
            .Where(static d => d.Count > 0)
            .WithTrackingName(TrackingNames.OrphanSEDiagnostics);
        context.RegisterSourceOutput(orphanSE, static (spc, items) =>
        {
            foreach (DiagnosticInfo info in items) spc.ReportDiagnostic(info.ToDiagnostic());
        });

        IncrementalValuesProvider<NetworkModel> networks = parsed
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(TrackingNames.Networks);

        context.RegisterSourceOutput(networks, static (spc, model) =>
        {
            NetworkPlan plan = NetworkCounter.Plan(model);
            string hint = NetworkEmitter.HintName(model);
            spc.AddSource(hint + ".g.cs", NetworkEmitter.EmitModule(plan));
            spc.AddSource(hint + ".Report.g.cs", NetworkEmitter.EmitReport(plan));
        });

        IncrementalValueProvider<ImmutableArray<NetworkModel>> catalog = networks.Collect().WithTrackingName(TrackingNames.Catalog);
        context.RegisterSourceOutput(catalog, static (spc, models) =>
        {
            if (models.IsEmpty) return;
            spc.AddSource(CatalogEmitter.FileName, CatalogEmitter.Emit(models.Select(NetworkCounter.Plan).ToList()));
        });
    }
}
