using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Architectures.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Architectures.Generators.Diagnostics.DiagnosticDescriptors;

namespace Architectures.Generators.Parsing;

/// <summary>
/// The user's half of a partial class must leave room for the generated half: a member of the same name (a field
/// called <c>conv1</c>, a <c>ParameterCount</c>, a <c>forward</c>), a parameterless constructor or a primary
/// constructor would each be a compiler error inside generated code (CS0102, CS0111, CS8862). The generated members
/// are read from the generated text itself, so the check cannot drift from the emitters.
/// </summary>
internal static class MemberClashes
{
    private static readonly CSharpParseOptions Options = new(LanguageVersion.Preview);

    public static void Check(INamedTypeSymbol type, IEnumerable<string> generatedTexts, CancellationToken cancellationToken, List<DiagnosticInfo> diagnostics)
    {
        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax { ParameterList: { } parameters })
                diagnostics.Add(DiagnosticInfo.Create(PrimaryConstructor, LocationInfo.From(parameters), type.Name));
        }

        var generated = generatedTexts
            .SelectMany(text => CSharpSyntaxTree.ParseText(text, Options, cancellationToken: cancellationToken).GetRoot(cancellationToken)
                .DescendantNodes().OfType<TypeDeclarationSyntax>().Where(t => t.Identifier.ValueText == type.Name).Take(1))
            .SelectMany(t => t.Members)
            .SelectMany(Declared)
            .ToList();

        foreach (ISymbol member in type.GetMembers())
        {
            if (member.IsImplicitlyDeclared || member.Locations.FirstOrDefault(l => l.IsInSource) is not { } location) continue;
            string name = member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? ".ctor" : member.Name;
            int? parameters = member is IMethodSymbol method ? method.Parameters.Length : null;
            if (member is IMethodSymbol { MethodKind: MethodKind.StaticConstructor }) continue;
            // A primary constructor is ARCH006's, reported on its parameter list.
            if (member.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax)) continue;
            var clash = generated.FirstOrDefault(g => g.Name == name
                && (g.Parameters is null || parameters is null || g.Parameters == parameters)
                && !(g.IsPartialDefinition && member is IMethodSymbol { IsPartialDefinition: false } m && IsPartial(m, cancellationToken)));
            if (clash.Name is null) continue;
            string shown = name == ".ctor" ? $"a constructor with {parameters} parameter{(parameters == 1 ? "" : "s")}" : $"'{name}'";
            diagnostics.Add(DiagnosticInfo.Create(MemberClash, LocationInfo.From(location), type.Name, shown, clash.Kind));
        }
    }

    private static bool IsPartial(IMethodSymbol method, CancellationToken cancellationToken) =>
        method.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is MethodDeclarationSyntax m && m.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static IEnumerable<(string Name, int? Parameters, bool IsPartialDefinition, string Kind)> Declared(MemberDeclarationSyntax member) =>
        member switch
        {
            FieldDeclarationSyntax field => field.Declaration.Variables.Select(v => (v.Identifier.ValueText, (int?)null, false, "field")),
            PropertyDeclarationSyntax property => new[] { (property.Identifier.ValueText, (int?)null, false, "property") },
            MethodDeclarationSyntax method => new[]
            {
                (method.Identifier.ValueText, (int?)method.ParameterList.Parameters.Count,
                    method.Modifiers.Any(SyntaxKind.PartialKeyword) && method.Body is null && method.ExpressionBody is null, "method"),
            },
            ConstructorDeclarationSyntax constructor when !constructor.Modifiers.Any(SyntaxKind.StaticKeyword) =>
                new[] { (".ctor", (int?)constructor.ParameterList.Parameters.Count, false, "constructor") },
            BaseTypeDeclarationSyntax nested => new[] { (nested.Identifier.ValueText, (int?)null, false, "type") },
            _ => System.Array.Empty<(string, int?, bool, string)>(),
        };
}
