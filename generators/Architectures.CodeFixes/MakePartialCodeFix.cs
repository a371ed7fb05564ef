using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Architectures.CodeFixes;

/// <summary>ARCH001: adds <c>partial</c> to the declaration the diagnostic points at.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix)), Shared]
public sealed class MakePartialCodeFix : CodeFixProvider
{
    public const string DiagnosticId = "ARCH001";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault() is not { } declaration) return;
        if (declaration.Modifiers.Any(SyntaxKind.PartialKeyword)) return;
        context.RegisterCodeFix(
            CodeAction.Create($"Make '{declaration.Identifier.ValueText}' partial", c => MakePartial(context.Document, root, declaration, c), nameof(MakePartialCodeFix)),
            context.Diagnostics);
    }

    private static Task<Document> MakePartial(Document document, SyntaxNode root, TypeDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        TypeDeclarationSyntax partial;
        if (declaration.Modifiers.Count == 0)
        {
            // 'class Net' → 'partial class Net': the keyword's leading trivia (attributes' line break, indentation) moves to 'partial'.
            SyntaxToken keyword = declaration.Keyword;
            partial = declaration
                .WithKeyword(keyword.WithLeadingTrivia())
                .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space))));
        }
        else
        {
            // 'partial' goes last among the modifiers, right before the keyword, as C# requires.
            partial = declaration.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        }
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(declaration, partial)));
    }
}
