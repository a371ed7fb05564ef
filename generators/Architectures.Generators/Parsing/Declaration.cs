using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Architectures.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Architectures.Generators.Parsing.DeclarationChecks;

namespace Architectures.Generators.Parsing;

/// <summary>
/// What every parser starts from: the declaring class, the attribute that selected it, and the diagnostics found so
/// far, after the checks all declarations share (class shape, enum values, one network per class).
/// </summary>
internal sealed class Declaration
{
    /// <param name="networkAttribute">The network attribute this parser reads, or null for variants and blocks.</param>
    /// <param name="requiredBase">A base-type prefix the class may already have (the generator adds its own).</param>
    public Declaration(GeneratorAttributeSyntaxContext context, string? networkAttribute, CancellationToken cancellationToken,
        string requiredBase = "TorchSharp.torch.nn.Module<")
    {
        Type = (INamedTypeSymbol)context.TargetSymbol;
        Attribute = new AttributeReader(context.Attributes[0], cancellationToken);
        CancellationToken = cancellationToken;
        CheckClassShape(Type, (ClassDeclarationSyntax)context.TargetNode, Diagnostics, requiredBase);
        bool enumsValid = CheckEnumArguments(Type, cancellationToken, Diagnostics);
        if (networkAttribute is not null) CheckSingleNetwork(Type, networkAttribute, Attribute.Location, Diagnostics);
        CanRead = enumsValid && Attribute.IsValid && (networkAttribute is null || !HasOtherNetwork(Type, networkAttribute));
    }

    public INamedTypeSymbol Type { get; }
    public AttributeReader Attribute { get; }
    public CancellationToken CancellationToken { get; }
    public List<DiagnosticInfo> Diagnostics { get; } = new();

    /// <summary>False when the attribute does not bind, an enum value is undefined, or another network claims the class.</summary>
    public bool CanRead { get; }

    public bool HasErrors => Diagnostics.Any(IsError);

    /// <summary>The parse result: the model only when no error was found.</summary>
    public ParseResult Result(ArchitectureModel? model) => new(HasErrors ? null : model, Diagnostics.ToEquatableArray());
}
