using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Architectures.Generators.Counting;
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
        Family = NetworkFamilies.Of(networkAttribute);
        Attribute = new AttributeReader(context.Attributes[0], cancellationToken);
        CancellationToken = cancellationToken;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        Location = LocationInfo.From(syntax.Identifier.GetLocation());
        string own = context.Attributes[0].AttributeClass?.ToDisplayString() ?? "";
        // A class declared in several partial parts is seen once per part that carries the attribute: only the part
        // with the first one reads it, so the model, its file and its diagnostics exist once.
        IsFirstPart = IsFirstPartWith(Type, own, syntax);
        if (!IsFirstPart) return;
        CheckClassShape(Type, syntax, Diagnostics, requiredBase);
        bool enumsValid = CheckEnumArguments(Type, cancellationToken, Diagnostics);
        bool single = CheckSingleGeneratingAttribute(Type, own, Attribute.Location, cancellationToken, Diagnostics);
        if (single && NetworkAttributes.Contains(own)) CheckUnitAttributes(Type, own, cancellationToken, Diagnostics);
        CanRead = enumsValid && single && Attribute.IsValid;
    }

    /// <summary>False for the second and later partial parts carrying the same attribute: they add nothing.</summary>
    public bool IsFirstPart { get; }

    /// <summary>The class's name, where output failures are reported.</summary>
    public LocationInfo? Location { get; }

    public INamedTypeSymbol Type { get; }
    public AttributeReader Attribute { get; }
    public CancellationToken CancellationToken { get; }
    public List<DiagnosticInfo> Diagnostics { get; } = new();

    /// <summary>The network family this parser reads (its emitter writes the files checked for clashes), or null for variants and blocks.</summary>
    public NetworkFamily? Family { get; }

    /// <summary>False when the attribute does not bind, an enum value is undefined, or another network claims the class.</summary>
    public bool CanRead { get; }

    public bool HasErrors => Diagnostics.Any(IsError);

    /// <summary>The parse result: the model only when no error was found.</summary>
    public ParseResult Result(ArchitectureModel? model)
    {
        if (model is not null && !HasErrors)
            MemberClashes.Check(Type, Emit.GeneratedFiles.For(model).Select(f => f.Text), CancellationToken, Diagnostics);
        return new(HasErrors || model is null ? null : model with { Location = Location }, Diagnostics.ToEquatableArray());
    }

    /// <summary>
    /// A network's parse result: the model with its plan, planned once by the parser and handed on, so the outputs
    /// and the catalog print it without planning again. Only when no error was found.
    /// </summary>
    public ParseResult Planned(NetworkPlan plan)
    {
        if (Family is null) throw new System.InvalidOperationException($"{Type.Name} is read as a network but its attribute is no network family");
        if (!HasErrors) MemberClashes.Check(Type, Family.Files(plan).Select(f => f.Text), CancellationToken, Diagnostics);
        if (HasErrors) return new(null, Diagnostics.ToEquatableArray());
        NetworkPlan located = plan.At(Location);
        return new(located.Model, Diagnostics.ToEquatableArray()) { Plan = located };
    }
}
