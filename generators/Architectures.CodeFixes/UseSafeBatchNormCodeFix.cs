using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace Architectures.CodeFixes;

/// <summary>
/// ARCH054: a custom block's TorchSharp <c>BatchNorm2d</c> member becomes <c>SafeBatchNorm2d</c> — its declared type, and
/// its initializer and assignments <c>BatchNorm2d(args)</c> become <c>new SafeBatchNorm2d(args)</c> (the same argument names).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseSafeBatchNormCodeFix)), Shared]
public sealed class UseSafeBatchNormCodeFix : CodeFixProvider
{
    public const string DiagnosticId = "ARCH054";
    private const string SafeBatchNorm = "Architectures.Modules.SafeBatchNorm2d";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SyntaxNode? member = root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf()
            .FirstOrDefault(n => n is FieldDeclarationSyntax or PropertyDeclarationSyntax);
        if (root is null || member is null) return;
        context.RegisterCodeFix(
            CodeAction.Create("Use SafeBatchNorm2d", c => Replace(context.Document, root, member, c), nameof(UseSafeBatchNormCodeFix)),
            context.Diagnostics);
    }

    private static async Task<Document> Replace(Document document, SyntaxNode root, SyntaxNode member, CancellationToken cancellationToken)
    {
        // The full name, annotated: the simplifier shortens it and adds 'using Architectures.Modules;' when it can.
        TypeSyntax safe = SyntaxFactory.ParseTypeName(SafeBatchNorm).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        string name = member switch
        {
            FieldDeclarationSyntax field => field.Declaration.Variables.First().Identifier.ValueText,
            PropertyDeclarationSyntax property => property.Identifier.ValueText,
            _ => "",
        };
        // The member's assignments in its class (a constructor's 'bn1 = BatchNorm2d(64);') change with it, or the
        // changed type would no longer accept them.
        var assignments = member.Parent is TypeDeclarationSyntax type
            ? type.DescendantNodes().OfType<AssignmentExpressionSyntax>().Where(a => Assigns(a, name)).ToList()
            : new List<AssignmentExpressionSyntax>();
        SyntaxNode changedRoot = root.ReplaceNodes(new SyntaxNode[] { member }.Concat(assignments), (original, _) => original switch
        {
            FieldDeclarationSyntax field => field.WithDeclaration(field.Declaration
                .WithType(safe.WithTriviaFrom(field.Declaration.Type))
                .WithVariables(SyntaxFactory.SeparatedList(field.Declaration.Variables.Select(v =>
                    v.Initializer is { } init ? v.WithInitializer(init.WithValue(Construct(init.Value, safe))) : v)))),
            PropertyDeclarationSyntax property => property
                .WithType(safe.WithTriviaFrom(property.Type))
                .WithInitializer(property.Initializer is { } init ? init.WithValue(Construct(init.Value, safe)) : null),
            AssignmentExpressionSyntax assignment => assignment.WithRight(Construct(assignment.Right, safe)),
            _ => original,
        });
        Document changed = document.WithSyntaxRoot(changedRoot);
        changed = await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>name = …</c> or <c>this.name = …</c>.</summary>
    private static bool Assigns(AssignmentExpressionSyntax assignment, string name) =>
        assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && assignment.Left switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText == name,
            _ => false,
        };

    /// <summary><c>BatchNorm2d(args)</c> (TorchSharp's factory, however qualified) → <c>new SafeBatchNorm2d(args)</c>; anything else stays.</summary>
    private static ExpressionSyntax Construct(ExpressionSyntax value, TypeSyntax safe)
    {
        if (value is not InvocationExpressionSyntax { Expression: var callee } call) return value;
        string name = callee switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            _ => "",
        };
        if (name != "BatchNorm2d") return value;
        return SyntaxFactory.ObjectCreationExpression(SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space),
            safe.WithoutTrivia(), call.ArgumentList, null).WithTriviaFrom(value);
    }
}
