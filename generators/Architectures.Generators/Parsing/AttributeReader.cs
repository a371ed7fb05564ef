using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Reflection;
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

    public INamedTypeSymbol? TypeArgument(string name) => Named(name) is { IsNull: false, Kind: TypedConstantKind.Type } c ? c.Value as INamedTypeSymbol : null;

    /// <summary>
    /// The attribute as its real type from the shared vocabulary (Mapperly's AttributeDataAccessor approach): its
    /// constructor called with the constructor arguments, then each named argument set, so every knob not named keeps
    /// the default the attribute class declares — the one place defaults are written. A <see cref="Type"/>-valued
    /// argument (SEBlock's <c>Variant</c>) has no runtime type here: it stays unset; read it with <see cref="TypeArgument"/>.
    /// </summary>
    public T As<T>() where T : Attribute => (T)(_instance ??= Materialize(_data));

    /// <summary>A named integer knob's value: as written, else the attribute's default.</summary>
    public int Int(string name) => Convert.ToInt32(Property(name), CultureInfo.InvariantCulture);

    public double Double(string name) => Convert.ToDouble(Property(name), CultureInfo.InvariantCulture);

    public bool Bool(string name) => (bool)Property(name)!;

    /// <summary>A named integer that must be positive (ARCH022 otherwise); unnamed, the attribute's default.</summary>
    public int Positive(string name, List<DiagnosticInfo> diagnostics)
    {
        int value = Int(name);
        if (value <= 0) diagnostics.Add(DiagnosticInfo.Create(Diagnostics.DiagnosticDescriptors.NotPositive, LocationOf(name), name, value));
        return value;
    }

    /// <summary>A named integer that must be positive (ARCH022) and at most <paramref name="max"/> (ARCH025).</summary>
    public int Bounded(string name, int max, List<DiagnosticInfo> diagnostics)
    {
        int value = Positive(name, diagnostics);
        Limits.Check(value, max, name, LocationOf(name), diagnostics);
        return value;
    }

    private Attribute? _instance;

    private object? Property(string name)
    {
        Attribute instance = As<Attribute>();
        PropertyInfo property = instance.GetType().GetProperty(name) ?? throw new ArgumentException($"{instance.GetType().Name} has no property {name}", nameof(name));
        return property.GetValue(instance);
    }

    private static Attribute Materialize(AttributeData data)
    {
        string name = data.AttributeClass?.Name ?? throw new InvalidOperationException("The attribute does not bind");
        Type type = typeof(ExcitationKnobsAttribute).Assembly.GetType(typeof(ExcitationKnobsAttribute).Namespace + "." + name)
            ?? throw new InvalidOperationException($"{name} is not in the shared vocabulary");
        ConstructorInfo constructor = type.GetConstructors().First(c => c.GetParameters().Length == data.ConstructorArguments.Length);
        object?[] arguments = constructor.GetParameters()
            .Select((parameter, i) => Value(data.ConstructorArguments[i], parameter.ParameterType)).ToArray();
        var attribute = (Attribute)constructor.Invoke(arguments);
        foreach (KeyValuePair<string, TypedConstant> argument in data.NamedArguments)
        {
            PropertyInfo? property = type.GetProperty(argument.Key);
            if (property?.SetMethod is null || property.PropertyType == typeof(Type) || !Readable(argument.Value)) continue;
            property.SetValue(attribute, Value(argument.Value, property.PropertyType));
        }
        return attribute;
    }

    /// <summary>False for a value the compiler could not bind (it reports that error itself) or a type.</summary>
    private static bool Readable(TypedConstant constant) =>
        constant.Kind is not (TypedConstantKind.Error or TypedConstantKind.Type) && (constant.Kind != TypedConstantKind.Array || constant.IsNull || constant.Values.All(Readable));

    private static object? Value(TypedConstant constant, Type target)
    {
        if (constant.IsNull || !Readable(constant)) return target.IsValueType ? Activator.CreateInstance(target) : null;
        if (constant.Kind == TypedConstantKind.Array)
        {
            Type element = target.GetElementType() ?? typeof(object);
            var array = Array.CreateInstance(element, constant.Values.Length);
            for (int i = 0; i < constant.Values.Length; i++) array.SetValue(Value(constant.Values[i], element), i);
            return array;
        }
        // Enums arrive as their underlying integer; an undefined value (a cast) is kept, and reported by CheckEnumValues.
        return target.IsEnum ? Enum.ToObject(target, constant.Value!) : Convert.ChangeType(constant.Value, target, CultureInfo.InvariantCulture);
    }

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
