using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Architectures.Generators.Analysis;

/// <summary>
/// Where TorchSharp 0.107 would make a temporary <c>Scalar</c> and hand only its native handle to LibTorch: nothing keeps
/// such an object alive through the call, so a garbage collection on another thread can free it mid-call (README:
/// "TorchSharp's temporary scalars"). One rule set for the ARCH055 analyzer and the library's own source scan.
/// </summary>
/// <remarks>
/// TorchSharp's own offenders are listed in UnsafeTorchSharpMethods.txt, read from its compiled code by
/// scripts/torchsharp-scalar-scan (every public method that makes a scalar it does not dispose, directly or through its
/// own calls): <c>add(Tensor)</c>'s alpha, <c>square()</c>'s exponent, <c>leaky_relu</c>'s slope, batch norm's counter, ….
/// </remarks>
internal static class TemporaryScalars
{
    private const string ScalarType = "TorchSharp.Scalar";

    private static readonly HashSet<string> UnsafeMethods = Load();

    private static HashSet<string> Load()
    {
        using Stream stream = typeof(TemporaryScalars).Assembly.GetManifestResourceStream("Architectures.Generators.Analysis.UnsafeTorchSharpMethods.txt")!;
        using var reader = new StreamReader(stream);
        var methods = new HashSet<string>(System.StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) methods.Add(line);
        return methods;
    }

    /// <summary>Why <paramref name="node"/> makes a temporary scalar, or null when it does not.</summary>
    public static string? Find(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken = default) =>
        node switch
        {
            ArgumentSyntax argument => Converted(model, argument.Expression, "for the call", cancellationToken)
                ?? (argument.Expression is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax
                    && IsScalar(model.GetTypeInfo(argument.Expression, cancellationToken).Type) ? "a Scalar made in the argument list" : null),
            BinaryExpressionSyntax binary => Call(model, binary, cancellationToken)
                ?? Converted(model, binary.Left, "for the operator", cancellationToken) ?? Converted(model, binary.Right, "for the operator", cancellationToken),
            AssignmentExpressionSyntax { RawKind: not (int)SyntaxKind.SimpleAssignmentExpression } compound =>
                Call(model, compound, cancellationToken) ?? Converted(model, compound.Right, "for the operator", cancellationToken),
            InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax => Call(model, node, cancellationToken) ?? Module(model, (ExpressionSyntax)node, cancellationToken),
            _ => null,
        };

    /// <summary>A number converted to a Scalar where it is passed.</summary>
    private static string? Converted(SemanticModel model, ExpressionSyntax expression, string where, CancellationToken cancellationToken)
    {
        Conversion conversion = model.GetConversion(expression, cancellationToken);
        return conversion.IsUserDefined && IsScalar(conversion.MethodSymbol?.ContainingType) ? $"a number converted to a Scalar {where}" : null;
    }

    /// <summary>A call (method, operator, constructor) that TorchSharp implements with a temporary scalar.</summary>
    private static string? Call(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken) =>
        model.GetSymbolInfo(node, cancellationToken).Symbol is IMethodSymbol method && UnsafeMethods.Contains(Key(method))
            ? $"TorchSharp's {Describe(method)} makes a temporary scalar"
            : null;

    /// <summary>A TorchSharp module whose forward makes a temporary scalar (LeakyReLU, ELU, BatchNorm1d/2d/3d, …).</summary>
    private static string? Module(SemanticModel model, ExpressionSyntax creation, CancellationToken cancellationToken)
    {
        if (model.GetTypeInfo(creation, cancellationToken).Type is not INamedTypeSymbol type) return null;
        for (INamedTypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            IMethodSymbol? forward = t.GetMembers("forward").OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.Length == 1);
            if (forward is null) continue;
            if (!UnsafeMethods.Contains(Key(forward))) return null;
            // ARCH054 reports TorchSharp's BatchNorm2d in a member initializer already, with a fix.
            if (type.ToDisplayString() == Parsing.CustomBlockParser.TorchSharpBatchNorm && creation.Ancestors().Any(a => a is EqualsValueClauseSyntax)) return null;
            return $"TorchSharp's {type.Name} makes a temporary scalar in every forward";
        }
        return null;
    }

    /// <summary>The method as scripts/torchsharp-scalar-scan writes it: <c>TorchSharp.torch+Tensor.add(Tensor)</c>.</summary>
    private static string Key(IMethodSymbol method)
    {
        method = method.ReducedFrom ?? method;
        method = method.OriginalDefinition;
        return $"{TypeName(method.ContainingType)}.{method.MetadataName}({string.Join(",", method.Parameters.Select(p => ParameterType(p.Type) + (p.RefKind == RefKind.None ? "" : "&")))})";
    }

    private static string TypeName(INamedTypeSymbol type) =>
        type.ContainingType is { } outer ? TypeName(outer) + "+" + type.MetadataName
        : type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName
        : type.MetadataName;

    private static string ParameterType(ITypeSymbol type) =>
        type is IArrayTypeSymbol array ? ParameterType(array.ElementType) + "[]" : type.OriginalDefinition.MetadataName;

    private static string Describe(IMethodSymbol method) =>
        method.MethodKind switch
        {
            MethodKind.UserDefinedOperator => "operator " + SyntaxFacts.GetText(SyntaxFacts.GetOperatorKind(method.MetadataName)) + " on " +
                string.Join(" and ", method.Parameters.Select(p => p.Type.Name)),
            MethodKind.Constructor => "new " + method.ContainingType.Name,
            _ => method.ContainingType.Name + "." + method.Name + (method.Parameters.Length == 0 ? "()" : "(" + string.Join(", ", method.Parameters.Select(p => p.Type.Name)) + ")"),
        };

    private static bool IsScalar(ITypeSymbol? type) => type?.ToDisplayString() == ScalarType;
}
