using System.Collections.Immutable;
using System.Linq;
using Architectures.Generators.Diagnostics;
using Architectures.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Architectures.Generators.Analysis;

/// <summary>
/// ARCH055: inside a [CustomBlock] class — code our training loop runs while its data worker allocates — each TorchSharp
/// call that would make a temporary Scalar (<see cref="TemporaryScalars"/>); in every class with
/// <c>&lt;ArchitecturesScalarAnalysis&gt;all&lt;/ArchitecturesScalarAnalysis&gt;</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TemporaryScalarAnalyzer : DiagnosticAnalyzer
{
    private static readonly SyntaxKind[] Kinds =
    {
        SyntaxKind.Argument, SyntaxKind.InvocationExpression, SyntaxKind.ObjectCreationExpression, SyntaxKind.ImplicitObjectCreationExpression,
        SyntaxKind.AddExpression, SyntaxKind.SubtractExpression, SyntaxKind.MultiplyExpression, SyntaxKind.DivideExpression, SyntaxKind.ModuloExpression,
        SyntaxKind.EqualsExpression, SyntaxKind.NotEqualsExpression, SyntaxKind.LessThanExpression, SyntaxKind.LessThanOrEqualExpression,
        SyntaxKind.GreaterThanExpression, SyntaxKind.GreaterThanOrEqualExpression,
        SyntaxKind.AddAssignmentExpression, SyntaxKind.SubtractAssignmentExpression, SyntaxKind.MultiplyAssignmentExpression,
        SyntaxKind.DivideAssignmentExpression, SyntaxKind.ModuloAssignmentExpression,
    };

    /// <summary>The MSBuild property that widens the analysis to every type (Architectures.props makes it visible).</summary>
    public const string AllCodeProperty = "build_property.ArchitecturesScalarAnalysis";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.TemporaryScalar);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Only projects that reference Architectures are analysed: their custom blocks, or all their code when the
            // project sets <ArchitecturesScalarAnalysis>all</ArchitecturesScalarAnalysis> (its own training loop, say).
            if (start.Compilation.GetTypeByMetadataName(CustomBlockParser.CustomBlockAttribute) is not { } customBlock) return;
            bool everywhere = start.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(AllCodeProperty, out string? scope)
                && string.Equals(scope?.Trim(), "all", System.StringComparison.OrdinalIgnoreCase);
            start.RegisterSymbolStartAction(symbol =>
            {
                var type = (INamedTypeSymbol)symbol.Symbol;
                if (!everywhere && !type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, customBlock))) return;
                symbol.RegisterSyntaxNodeAction(node =>
                {
                    if (TemporaryScalars.Find(node.Node, node.SemanticModel, node.CancellationToken) is { } why)
                        node.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TemporaryScalar, node.Node.GetLocation(), type.Name, why));
                }, Kinds);
            }, SymbolKind.NamedType);
        });
    }
}
