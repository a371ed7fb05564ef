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
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.TemporaryScalar);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(Analyze, SyntaxKind.Argument, SyntaxKind.InvocationExpression, SyntaxKind.AddExpression,
            SyntaxKind.SubtractExpression, SyntaxKind.MultiplyExpression, SyntaxKind.DivideExpression);
    }

    private static void Analyze(SyntaxNodeAnalysisContext context)
    {
        if (context.ContainingSymbol?.ContainingType is not { } type
            || !type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == CustomBlockParser.CustomBlockAttribute))
            return;
        if (TemporaryScalars.Find(context.Node, context.SemanticModel, context.CancellationToken) is { } why)
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TemporaryScalar, context.Node.GetLocation(), type.Name, why));
    }
}
