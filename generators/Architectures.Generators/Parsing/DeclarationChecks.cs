using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Architectures.Generators.Counting;
using Architectures.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Architectures.Generators.Diagnostics.DiagnosticDescriptors;

namespace Architectures.Generators.Parsing;

/// <summary>Checks every family shares: the class's shape, one network per class, and the count assertions.</summary>
internal static class DeclarationChecks
{
    public const string ExpectParametersAttribute = "Architectures.ExpectParametersAttribute";
    public const string ExpectMultiplyAddsAttribute = "Architectures.ExpectMultiplyAddsAttribute";

    /// <summary>The attributes that each make a class a network (one per row of <see cref="NetworkFamilies"/>); a class may carry one.</summary>
    public static readonly string[] NetworkAttributes = NetworkFamilies.All.Select(f => f.Attribute).ToArray();

    public static bool IsError(DiagnosticInfo d) => ById(d.Id).DefaultSeverity == DiagnosticSeverity.Error;

    /// <summary>The namespace's names joined by '.', without '@' (the emitters escape keywords again).</summary>
    public static string? Namespace(INamedTypeSymbol type)
    {
        var parts = new List<string>();
        for (INamespaceSymbol ns = type.ContainingNamespace; !ns.IsGlobalNamespace; ns = ns.ContainingNamespace) parts.Insert(0, ns.Name);
        return parts.Count == 0 ? null : string.Join(".", parts);
    }

    /// <summary>Partial, top-level, non-generic, non-static, and no base class but the one the generator adds.</summary>
    public static void CheckClassShape(INamedTypeSymbol type, TypeDeclarationSyntax declaration, List<DiagnosticInfo> diagnostics,
        string requiredBase = "TorchSharp.torch.nn.Module<")
    {
        LocationInfo? location = LocationInfo.From(declaration.Identifier.GetLocation());
        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            diagnostics.Add(DiagnosticInfo.Create(NotPartial, location, type.Name));
        string? problem = type.IsRecord ? "a record"
            : type.TypeKind != TypeKind.Class ? "a " + type.TypeKind.ToString().ToLowerInvariant()
            : type.ContainingType is not null ? "nested in another type"
            : type.IsGenericType ? "generic"
            : type.IsStatic ? "static"
            : type.IsAbstract ? "abstract"
            : null;
        if (problem is not null) diagnostics.Add(DiagnosticInfo.Create(UnsupportedClassShape, location, type.Name, problem));
        if (type.BaseType is { SpecialType: not SpecialType.System_Object } baseType
            && !baseType.ToDisplayString().StartsWith(requiredBase, System.StringComparison.Ordinal))
            diagnostics.Add(DiagnosticInfo.Create(HasBaseClass, location, type.Name, baseType.ToDisplayString()));
    }

    /// <summary>Checks the enum arguments of every Architectures attribute on the class; false when one is undefined.</summary>
    public static bool CheckEnumArguments(INamedTypeSymbol type, CancellationToken cancellationToken, List<DiagnosticInfo> diagnostics)
    {
        bool valid = true;
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ContainingNamespace?.ToDisplayString() != "Architectures") continue;
            valid &= new AttributeReader(attribute, cancellationToken).CheckEnumValues(diagnostics);
        }
        return valid;
    }

    /// <summary>The attributes that each make the generator write a class: a network, a variant, a custom block.</summary>
    public static readonly string[] GeneratingAttributes =
        NetworkAttributes.Concat(new[] { "Architectures.ExcitationAttribute", "Architectures.CustomBlockAttribute" }).ToArray();

    /// <summary>The unit attributes and the networks whose units they declare, from the families' rows.</summary>
    public static readonly (string Unit, string[] Networks)[] UnitAttributes = NetworkFamilies.All
        .SelectMany(f => f.UnitAttributes.Select(unit => (Unit: unit, Network: f.Attribute)))
        .GroupBy(u => u.Unit)
        .Select(g => (g.Key, g.Select(u => u.Network).ToArray()))
        .ToArray();

    /// <summary>A unit attribute of another family ([MBConvStage] on a ResNet) would be silently ignored: ARCH064 on it.</summary>
    public static void CheckUnitAttributes(INamedTypeSymbol type, string network, CancellationToken cancellationToken, List<DiagnosticInfo> diagnostics)
    {
        foreach (AttributeData attribute in type.GetAttributes())
        {
            string? name = attribute.AttributeClass?.ToDisplayString();
            var (unit, networks) = UnitAttributes.FirstOrDefault(u => u.Unit == name);
            if (unit is null || networks.Contains(network)) continue;
            diagnostics.Add(DiagnosticInfo.Create(UnitNotForFamily, new AttributeReader(attribute, cancellationToken).Location,
                ShortName(unit), ShortName(network).Trim('[', ']'), string.Join(" or ", networks.Select(ShortName))));
        }
    }

    /// <summary>"[ResNet]" for "Architectures.ResNetAttribute".</summary>
    public static string ShortName(string attribute) =>
        "[" + attribute.Substring(attribute.LastIndexOf('.') + 1).Replace("Attribute", "") + "]";

    /// <summary>Whether <paramref name="part"/> is the partial declaration carrying the class's first <paramref name="attribute"/>.</summary>
    public static bool IsFirstPartWith(INamedTypeSymbol type, string attribute, TypeDeclarationSyntax part)
    {
        SyntaxReference? first = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == attribute)?.ApplicationSyntaxReference;
        return first is null || (first.SyntaxTree == part.SyntaxTree && part.Span.Contains(first.Span));
    }

    /// <summary>
    /// One generating attribute, once, per class: two networks (ARCH061), a network with a variant or block, or a
    /// variant with a block (ARCH062), or the same attribute on two partial parts (ARCH063) would each write the same
    /// class twice. The conflict is reported by the first attribute's parser; false stops every one of them.
    /// </summary>
    public static bool CheckSingleGeneratingAttribute(INamedTypeSymbol type, string ownAttribute, LocationInfo? location,
        CancellationToken cancellationToken, List<DiagnosticInfo> diagnostics)
    {
        var applied = type.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() is { } n && GeneratingAttributes.Contains(n)).ToList();
        var declared = applied.Select(a => a.AttributeClass!.ToDisplayString()).Distinct().ToList();
        bool reports = declared.Count > 0 && declared[0] == ownAttribute;
        if (declared.Count > 1)
        {
            if (reports)
            {
                string list = string.Join(", ", declared.Select(ShortName));
                diagnostics.Add(declared.All(n => NetworkAttributes.Contains(n))
                    ? DiagnosticInfo.Create(ConflictingNetworkAttributes, location, type.Name, list)
                    : DiagnosticInfo.Create(ConflictingGeneratingAttributes, location, type.Name, list));
            }
            return false;
        }
        var repeats = applied.Where(a => a.AttributeClass!.ToDisplayString() == ownAttribute).ToList();
        if (repeats.Count > 1)
        {
            foreach (AttributeData repeat in repeats.Skip(1))
                diagnostics.Add(DiagnosticInfo.Create(RepeatedGeneratingAttribute, new AttributeReader(repeat, cancellationToken).Location,
                    type.Name, ShortName(ownAttribute)));
            return false;
        }
        return true;
    }

    /// <summary>[ExpectParameters] and [ExpectMultiplyAdds]: the build fails when the counts drift.</summary>
    public static void CheckExpectations(NetworkPlan plan, INamedTypeSymbol type, CancellationToken cancellationToken, List<DiagnosticInfo> diagnostics)
    {
        foreach (AttributeData attribute in type.GetAttributes())
        {
            string? name = attribute.AttributeClass?.ToDisplayString();
            if (name != ExpectParametersAttribute && name != ExpectMultiplyAddsAttribute) continue;
            var reader = new AttributeReader(attribute, cancellationToken);
            if (!reader.IsValid || reader.PositionalCount < 1 || reader.Positional(0).IsNull) continue;
            long expected = System.Convert.ToInt64(reader.Positional(0).Value, CultureInfo.InvariantCulture);
            if (name == ExpectParametersAttribute && expected != plan.Parameters)
                diagnostics.Add(DiagnosticInfo.Create(ParameterCountMismatch, reader.LocationOfPositional(0), type.Name,
                    Format(plan.Parameters), Format(expected), Signed((decimal)plan.Parameters - expected)) with { Properties = Counted(plan.Parameters) });
            if (name == ExpectMultiplyAddsAttribute && expected != plan.MultiplyAdds)
                diagnostics.Add(DiagnosticInfo.Create(MultiplyAddsMismatch, reader.LocationOfPositional(0), type.Name,
                    Format(plan.MultiplyAdds), plan.InputSize, Format(expected), Signed((decimal)plan.MultiplyAdds - expected)) with { Properties = Counted(plan.MultiplyAdds) });
        }
    }

    /// <summary>The reduced widths of a plan's excitations: a width of 0 is an error, a rounded one a warning.</summary>
    public static void CheckReducedWidths(IEnumerable<(string Where, SEPlan SE)> excitations, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        var found = new List<DiagnosticInfo>();
        foreach (var (where, se) in excitations)
        {
            if (!ExcitationCounter.HasHiddenLayer(se.Knobs.Kind) || se.Knobs.ReducedChannels > 0 || se.Knobs.Divisor > 0) continue;
            if (se.ReducedChannels < 1)
                found.Add(DiagnosticInfo.Create(ReductionExceedsChannels, location, se.Knobs.Reduction, se.ReferenceChannels, where));
            else if (se.ReferenceChannels % se.Knobs.Reduction != 0 && se.Knobs.Rounding == Rounding.Floor && se.Knobs.MinChannels == 0)
                found.Add(DiagnosticInfo.Create(ReductionDoesNotDivide, location, se.Knobs.Reduction, se.ReferenceChannels, where, se.ReducedChannels));
        }
        var first = found.FirstOrDefault(IsError) ?? found.FirstOrDefault();
        if (first is not null) diagnostics.Add(first);
    }

    /// <summary>The counted value for the replace-the-expectation code fix (Architectures.CodeFixes).</summary>
    private static EquatableArray<string> Counted(long value) => new[] { "Counted=" + value.ToString(CultureInfo.InvariantCulture) }.ToEquatableArray();

    private static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Signed(decimal value) => (value > 0 ? "+" : "") + value.ToString("N0", CultureInfo.InvariantCulture);
}
