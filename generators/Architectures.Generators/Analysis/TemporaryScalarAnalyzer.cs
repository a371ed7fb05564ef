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
/// call that would make a temporary Scalar (<see cref="TemporaryScalars"/>).
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

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.TemporaryScalar);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Only projects that reference Architectures have custom blocks; only their bodies are analysed.
            if (start.Compilation.GetTypeByMetadataName(CustomBlockParser.CustomBlockAttribute) is not { } customBlock) return;
            start.RegisterSymbolStartAction(symbol =>
            {
                var type = (INamedTypeSymbol)symbol.Symbol;
                if (!type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, customBlock))) return;
                symbol.RegisterSyntaxNodeAction(node =>
                {
                    if (TemporaryScalars.Find(node.Node, node.SemanticModel, node.CancellationToken) is { } why)
                        node.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TemporaryScalar, node.Node.GetLocation(), type.Name, why));
                }, Kinds);
            }, SymbolKind.NamedType);
        });
    }
}
