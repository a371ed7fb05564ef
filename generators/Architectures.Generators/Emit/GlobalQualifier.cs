using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Architectures.Generators.Emit;

/// <summary>
/// Rewrites the emitters' short names (<c>Tensor</c>, <c>Conv2d(…)</c>, <c>new Bottleneck(…)</c>) as
/// <c>global::</c>-qualified ones, so a user type of the same name in the declaring namespace cannot capture them
/// (a namespace's own types win over using directives). The emitters stay readable; this is the one place that
/// knows where each name lives. Formatting and comments are kept as written.
/// </summary>
internal sealed class GlobalQualifier : CSharpSyntaxRewriter
{
    private const string Modules = "global::Architectures.Modules.";
    private const string Declarations = "global::Architectures.";
    private const string Reporting = "global::Architectures.Reporting.";
    private const string TorchModules = "global::TorchSharp.Modules.";
    private const string Factories = "global::TorchSharp.torch.nn.";

    /// <summary>A name used as a type, or as the left of a member access.</summary>
    private static readonly Dictionary<string, string> Types = new()
    {
        ["System"] = "global::System",
        ["Tensor"] = "global::TorchSharp.torch.Tensor",
        ["Conv2d"] = TorchModules + "Conv2d",
        ["MaxPool2d"] = TorchModules + "MaxPool2d",
        ["Sequential"] = TorchModules + "Sequential",
        ["Linear"] = TorchModules + "Linear",
        ["SEPlacement"] = Declarations + "SEPlacement",
        ["StrideOn"] = Declarations + "StrideOn",
        ["Gate"] = Declarations + "Gate",
        ["Squeeze"] = Declarations + "Squeeze",
        ["Activation"] = Declarations + "Activation",
        ["ExcitationKind"] = Declarations + "ExcitationKind",
        ["Rounding"] = Declarations + "Rounding",
        ["ArchitectureReport"] = Reporting + "ArchitectureReport",
        ["LayerRow"] = Reporting + "LayerRow",
        ["ArchitectureInfo"] = Reporting + "ArchitectureInfo",
        ["Bottleneck"] = Modules + "Bottleneck",
        ["BasicBlock"] = Modules + "BasicBlock",
        ["Layers"] = Modules + "Layers",
        ["SafeBatchNorm2d"] = Modules + "SafeBatchNorm2d",
        ["HeldScalars"] = Modules + "HeldScalars",
        ["IExcitation"] = Modules + "IExcitation",
        ["ChannelRounding"] = Modules + "ChannelRounding",
        ["ExcitationKinds"] = Modules + "ExcitationKinds",
        ["ExcitationKindInfo"] = Modules + "ExcitationKindInfo",
        ["ConvNormActivation"] = Modules + "ConvNormActivation",
        ["BatchNormSettings"] = Modules + "BatchNormSettings",
        ["Nonlinearities"] = Modules + "Nonlinearities",
        ["Initialization"] = Modules + "Initialization",
        ["InvertedResidual"] = Modules + "InvertedResidual",
        ["ResBottleneckBlock"] = Modules + "ResBottleneckBlock",
        ["BottleneckTransform"] = Modules + "BottleneckTransform",
    };

    static GlobalQualifier()
    {
        // Each excitation kind's runtime module, from the kind table.
        foreach (ExcitationKindInfo row in ExcitationKinds.All) Types[row.RuntimeClass] = Modules + row.RuntimeClass;
    }

    /// <summary>A name called as a method: TorchSharp's layer factories and dispose scopes.</summary>
    private static readonly Dictionary<string, string> Methods = new()
    {
        ["Conv2d"] = Factories + "Conv2d",
        ["MaxPool2d"] = Factories + "MaxPool2d",
        ["Sequential"] = Factories + "Sequential",
        ["Linear"] = Factories + "Linear",
        ["Dropout"] = Factories + "Dropout",
        ["NewDisposeScope"] = "global::TorchSharp.torch.NewDisposeScope",
    };

    /// <summary>Generic types, qualified by their namespace.</summary>
    private static readonly Dictionary<string, string> GenericTypes = new()
    {
        ["Module"] = "global::TorchSharp.torch.nn",
    };

    private static readonly CSharpParseOptions Options = new(LanguageVersion.Preview);

    public static string Qualify(string text) =>
        new GlobalQualifier().Visit(CSharpSyntaxTree.ParseText(text, Options).GetRoot()).ToFullString();

    public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
    {
        if (IsQualifiedOrDeclared(node)) return node;
        bool invoked = node.Parent is InvocationExpressionSyntax invocation && invocation.Expression == node;
        return (invoked ? Methods : Types).TryGetValue(node.Identifier.ValueText, out string? qualified)
            ? SyntaxFactory.ParseName(qualified).WithTriviaFrom(node)
            : node;
    }

    public override SyntaxNode? VisitGenericName(GenericNameSyntax node)
    {
        var visited = (GenericNameSyntax)base.VisitGenericName(node)!;
        if (IsQualifiedOrDeclared(node) || !GenericTypes.TryGetValue(node.Identifier.ValueText, out string? container)) return visited;
        return SyntaxFactory.QualifiedName(SyntaxFactory.ParseName(container), visited.WithoutTrivia()).WithTriviaFrom(node);
    }

    /// <summary>Names that are already qualified, are argument or member names, or name the namespace itself.</summary>
    private static bool IsQualifiedOrDeclared(SimpleNameSyntax node) =>
        node.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Name == node,
            QualifiedNameSyntax qualified => qualified.Right == node,
            AliasQualifiedNameSyntax or NameColonSyntax or NameEqualsSyntax or MemberBindingExpressionSyntax => true,
            _ => false,
        } || node.Ancestors().Any(a => a is UsingDirectiveSyntax || (a is NameSyntax && a.Parent is BaseNamespaceDeclarationSyntax)
                                       || a is BaseNamespaceDeclarationSyntax ns && ns.Name == node);
}
