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

    /// <summary>The attributes that each make a class a network; a class may carry one.</summary>
    public static readonly string[] NetworkAttributes =
    {
        "Architectures.ResNetAttribute", "Architectures.MobileNetV3Attribute", "Architectures.MobileNetV2Attribute", "Architectures.EfficientNetAttribute",
        "Architectures.RegNetAttribute",
    };

    public static bool IsError(DiagnosticInfo d) => ById(d.Id).DefaultSeverity == DiagnosticSeverity.Error;

    public static string? Namespace(INamedTypeSymbol type) =>
        type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();

    /// <summary>Partial, top-level, non-generic, non-static, and no base class but the one the generator adds.</summary>
    public static void CheckClassShape(INamedTypeSymbol type, ClassDeclarationSyntax declaration, List<DiagnosticInfo> diagnostics,
        string requiredBase = "TorchSharp.torch.nn.Module<")
    {
        LocationInfo? location = LocationInfo.From(declaration.Identifier.GetLocation());
        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            diagnostics.Add(DiagnosticInfo.Create(NotPartial, location, type.Name));
        string? problem = type.ContainingType is not null ? "nested in another type"
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

    /// <summary>Reports a second network attribute on the same class (reported by the first family's parser only).</summary>
    public static void CheckSingleNetwork(INamedTypeSymbol type, string ownAttribute, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        var declared = type.GetAttributes().Select(a => a.AttributeClass?.ToDisplayString()).Where(n => NetworkAttributes.Contains(n)).Distinct().ToList();
        if (declared.Count > 1 && declared[0] == ownAttribute)
            diagnostics.Add(DiagnosticInfo.Create(ConflictingNetworkAttributes, location, type.Name,
                string.Join(", ", declared.Select(n => "[" + n!.Substring("Architectures.".Length).Replace("Attribute", "") + "]"))));
    }

    public static bool HasOtherNetwork(INamedTypeSymbol type, string ownAttribute) =>
        type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() is { } n && n != ownAttribute && NetworkAttributes.Contains(n));

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
                    Format(plan.Parameters), Format(expected), Signed(plan.Parameters - expected)));
            if (name == ExpectMultiplyAddsAttribute && expected != plan.MultiplyAdds)
                diagnostics.Add(DiagnosticInfo.Create(MultiplyAddsMismatch, reader.LocationOfPositional(0), type.Name,
                    Format(plan.MultiplyAdds), plan.InputSize, Format(expected), Signed(plan.MultiplyAdds - expected)));
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
            else if (se.ReferenceChannels % se.Knobs.Reduction != 0 && se.Knobs.Rounding == RoundingKind.Floor && se.Knobs.MinChannels == 0)
                found.Add(DiagnosticInfo.Create(ReductionDoesNotDivide, location, se.Knobs.Reduction, se.ReferenceChannels, where, se.ReducedChannels));
        }
        var first = found.FirstOrDefault(IsError) ?? found.FirstOrDefault();
        if (first is not null) diagnostics.Add(first);
    }

    private static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Signed(long value) => (value > 0 ? "+" : "") + Format(value);
}
