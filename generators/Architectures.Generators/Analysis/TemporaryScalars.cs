using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Architectures.Generators.Analysis;

/// <summary>
/// Where TorchSharp 0.107 would make a temporary <c>Scalar</c> and hand only its native handle to LibTorch: nothing keeps
/// such an object alive through the call, so a garbage collection on another thread can free it mid-call (README:
/// "TorchSharp's temporary scalars"). One rule set for the ARCH055 analyzer and the library's own source scan.
/// </summary>
internal static class TemporaryScalars
{
    private const string ScalarType = "TorchSharp.Scalar";
    private const string TensorType = "TorchSharp.torch.Tensor";

    /// <summary>Why <paramref name="node"/> makes a temporary scalar, or null when it does not.</summary>
    public static string? Find(SyntaxNode node, SemanticModel model, System.Threading.CancellationToken cancellationToken = default) =>
        node switch
        {
            ArgumentSyntax argument => Argument(model, argument, cancellationToken),
            InvocationExpressionSyntax invocation => Invocation(model, invocation, cancellationToken),
            BinaryExpressionSyntax binary => Operator(model, binary, cancellationToken),
            _ => null,
        };

    /// <summary>A number converted to a Scalar at the call, or a Scalar made in the argument list.</summary>
    private static string? Argument(SemanticModel model, ArgumentSyntax argument, System.Threading.CancellationToken cancellationToken)
    {
        var conversion = Microsoft.CodeAnalysis.CSharp.CSharpExtensions.GetConversion(model, argument.Expression, cancellationToken);
        if (conversion.IsUserDefined && IsScalar(conversion.MethodSymbol?.ContainingType)) return "a number converted to a Scalar for the call";
        if (argument.Expression is InvocationExpressionSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax
            && IsScalar(model.GetTypeInfo(argument.Expression, cancellationToken).Type))
            return "a Scalar made in the argument list";
        return null;
    }

    /// <summary>TorchSharp overloads that make their own alpha or value of 1.</summary>
    private static string? Invocation(SemanticModel model, InvocationExpressionSyntax invocation, System.Threading.CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method || !IsTensor(method.ContainingType)) return null;
        bool makesOne = method.Name switch
        {
            "add" or "add_" => method.Parameters.Length == 1,
            "addcdiv" or "addcdiv_" => method.Parameters.Length == 2,
            _ => false,
        };
        return makesOne ? $"Tensor.{method.Name} without alpha (TorchSharp makes its own 1)" : null;
    }

    /// <summary>Tensor operators: + is add with TorchSharp's own alpha; a number operand becomes a Scalar inside.</summary>
    private static string? Operator(SemanticModel model, BinaryExpressionSyntax binary, System.Threading.CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(binary, cancellationToken).Symbol is not IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator } op
            || !IsTensor(op.ContainingType))
            return null;
        if (op.Name == "op_Addition") return "Tensor operator + (add with TorchSharp's own alpha)";
        foreach (IParameterSymbol parameter in op.Parameters)
            if (!IsTensor(parameter.Type)) return "a Tensor operator with a number (a Scalar made inside)";
        return null;
    }

    private static bool IsScalar(ITypeSymbol? type) => type?.ToDisplayString() == ScalarType;

    private static bool IsTensor(ITypeSymbol? type) => type?.ToDisplayString() == TensorType;
}
