using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Architectures.CodeFixes;

/// <summary>
/// ARCH040 / ARCH041: replaces the expected value of [ExpectParameters] / [ExpectMultiplyAdds] with the counted one,
/// which the generator passes in the diagnostic's properties ("Counted"). Digit separators are kept if the old value had them.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ExpectedCountCodeFix)), Shared]
public sealed class ExpectedCountCodeFix : CodeFixProvider
{
    public const string CountedProperty = "Counted";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("ARCH040", "ARCH041");

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(CountedProperty, out string? text)
                || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long counted)) continue;
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax expected) continue;
            string literal = expected.ToString().Contains("_") ? WithSeparators(counted) : counted.ToString(CultureInfo.InvariantCulture);
            context.RegisterCodeFix(
                CodeAction.Create($"Expect the counted {literal}", c => Replace(context.Document, root, expected, literal, c), diagnostic.Id + nameof(ExpectedCountCodeFix)),
                diagnostic);
        }
    }

    private static Task<Document> Replace(Document document, SyntaxNode root, ExpressionSyntax expected, string literal, CancellationToken cancellationToken)
    {
        // Parsed, not built from the long: the literal then has the type C# gives it (30603912 an int, 4105252864 a uint),
        // exactly as if the user had typed it.
        ExpressionSyntax replacement = SyntaxFactory.ParseExpression(literal).WithTriviaFrom(expected);
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(expected, replacement)));
    }

    /// <summary>28088024 → 28_088_024.</summary>
    private static string WithSeparators(long value) => value.ToString("N0", CultureInfo.InvariantCulture).Replace(",", "_");
}
