using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Architectures.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Architectures.Generators.Parsing;

/// <summary>Reads one applied attribute's arguments and finds the source location of each, for diagnostics.</summary>
internal sealed class AttributeReader
{
    private readonly AttributeData _data;
    private readonly AttributeSyntax? _syntax;

    public AttributeReader(AttributeData data, CancellationToken cancellationToken)
    {
        _data = data;
        _syntax = data.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
    }

    /// <summary>False when the attribute does not bind (the compiler reports that error itself).</summary>
    public bool IsValid => _data.AttributeConstructor is not null;

    /// <summary>
    /// Reports every enum argument whose value is not one of its enum's members (a cast such as <c>(Gate)9</c>),
    /// and returns whether all were valid. Every parser calls this before reading enum knobs.
    /// </summary>
    public bool CheckEnumValues(List<DiagnosticInfo> diagnostics)
    {
        bool valid = true;
        for (int i = 0; i < _data.ConstructorArguments.Length; i++)
            valid &= CheckEnum(_data.ConstructorArguments[i], () => LocationOfPositional(i), diagnostics);
        foreach (KeyValuePair<string, TypedConstant> argument in _data.NamedArguments)
            valid &= CheckEnum(argument.Value, () => LocationOf(argument.Key), diagnostics);
        return valid;
    }

    private static bool CheckEnum(TypedConstant constant, Func<LocationInfo?> location, List<DiagnosticInfo> diagnostics)
    {
        if (constant.IsNull || constant.Kind != TypedConstantKind.Enum || constant.Type is not INamedTypeSymbol type) return true;
        bool defined = type.GetMembers().OfType<IFieldSymbol>().Any(f => f.HasConstantValue && Equals(f.ConstantValue, constant.Value));
        if (!defined)
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.DiagnosticDescriptors.UndefinedEnumValue, location(), constant.Value ?? "null", type.Name,
                string.Join(", ", type.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue).Select(f => f.Name))));
        return defined;
    }

    public LocationInfo? Location => LocationInfo.From(_syntax) ?? LocationInfo.From(_data.ApplicationSyntaxReference?.GetSyntax().GetLocation());

    public bool Has(string name) => _data.NamedArguments.Any(a => a.Key == name);

    public TypedConstant Positional(int index) => _data.ConstructorArguments[index];

    public int PositionalCount => _data.ConstructorArguments.Length;

    public int Int(string name, int fallback) => Named(name) is { IsNull: false } c ? Convert.ToInt32(c.Value) : fallback;

    public double Double(string name, double fallback) => Named(name) is { IsNull: false } c ? System.Convert.ToDouble(c.Value) : fallback;

    public INamedTypeSymbol? TypeArgument(string name) => Named(name) is { IsNull: false, Kind: TypedConstantKind.Type } c ? c.Value as INamedTypeSymbol : null;

    /// <summary>A named integer that must be positive (ARCH022 otherwise).</summary>
    public int Positive(string name, int fallback, List<DiagnosticInfo> diagnostics)
    {
        int value = Int(name, fallback);
        if (value <= 0) diagnostics.Add(DiagnosticInfo.Create(Diagnostics.DiagnosticDescriptors.NotPositive, LocationOf(name), name, value));
        return value;
    }

    /// <summary>A named integer that must be positive (ARCH022) and at most <paramref name="max"/> (ARCH025).</summary>
    public int Bounded(string name, int fallback, int max, List<DiagnosticInfo> diagnostics)
    {
        int value = Positive(name, fallback, diagnostics);
        Limits.Check(value, max, name, LocationOf(name), diagnostics);
        return value;
    }

    public bool Bool(string name, bool fallback) => Named(name) is { IsNull: false } c ? (bool)c.Value! : fallback;

    public ImmutableArray<int>? IntArray(string name) =>
        Named(name) is { IsNull: false, Kind: TypedConstantKind.Array } c ? c.Values.Select(v => Convert.ToInt32(v.Value)).ToImmutableArray() : null;

    private TypedConstant? Named(string name)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in _data.NamedArguments)
            if (argument.Key == name) return argument.Value;
        return null;
    }

    /// <summary>The location of a named argument's value (<c>Reduction = 96</c> → <c>96</c>), else of the attribute.</summary>
    public LocationInfo? LocationOf(string name)
    {
        AttributeArgumentSyntax? argument = _syntax?.ArgumentList?.Arguments
            .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        return LocationInfo.From(argument?.Expression) ?? Location;
    }

    /// <summary>The location of the <paramref name="index"/>-th element of a named array argument, else of the argument.</summary>
    public LocationInfo? LocationOfElement(string name, int index)
    {
        AttributeArgumentSyntax? argument = _syntax?.ArgumentList?.Arguments
            .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        InitializerExpressionSyntax? initializer = argument?.Expression switch
        {
            ArrayCreationExpressionSyntax array => array.Initializer,
            ImplicitArrayCreationExpressionSyntax array => array.Initializer,
            CollectionExpressionSyntax => null,
            _ => null,
        };
        if (initializer is not null && index < initializer.Expressions.Count) return LocationInfo.From(initializer.Expressions[index]);
        if (argument?.Expression is CollectionExpressionSyntax collection && index < collection.Elements.Count)
            return LocationInfo.From(collection.Elements[index]);
        return LocationOf(name);
    }

    /// <summary>The location of the <paramref name="index"/>-th positional argument as written, else of the attribute.</summary>
    public LocationInfo? LocationOfPositional(int index)
    {
        var positional = _syntax?.ArgumentList?.Arguments.Where(a => a.NameEquals is null).ToList();
        return positional is not null && index < positional.Count ? LocationInfo.From(positional[index].Expression) : Location;
    }
}
