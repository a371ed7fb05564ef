using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Architectures.Generators.Counting;
using Architectures.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Architectures.Generators.Diagnostics.DiagnosticDescriptors;
using static Architectures.Generators.Parsing.DeclarationChecks;

namespace Architectures.Generators.Parsing;

/// <summary>Reads [CustomBlock] classes: a hand-written branch that the generator wires an excitation into.</summary>
internal static class CustomBlockParser
{
    public const string CustomBlockAttribute = "Architectures.CustomBlockAttribute";

    public static ParseResult ParseBlock(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var declaration = new Declaration(context, networkAttribute: null, cancellationToken);
        if (!declaration.CanRead) return declaration.Result(null);
        INamedTypeSymbol type = declaration.Type;
        AttributeReader block = declaration.Attribute;
        List<DiagnosticInfo> diagnostics = declaration.Diagnostics;

        int channels = block.Int("Channels");
        Limits.Check(channels, Limits.MaxChannels, "Channels", block.LocationOf("Channels"), diagnostics);
        bool residual = block.Bool("Residual");
        var attributes = ExcitationParser.SEAttributes(type, cancellationToken);
        SEModel? se = null;
        if (attributes.Count > 0)
        {
            AttributeReader reader = attributes[0];
            foreach (AttributeReader extra in attributes.Skip(1))
                diagnostics.Add(DiagnosticInfo.Create(ConflictingSE, extra.Location, "A custom block has one [SEBlock]"));
            foreach (string knob in new[] { "Stage", "Stages" })
                if (reader.Has(knob))
                    diagnostics.Add(DiagnosticInfo.Create(KnobNotForFamily, reader.LocationOf(knob), $"{knob} does not apply to a single block"));
            if (channels <= 0)
                diagnostics.Add(DiagnosticInfo.Create(ExcitationWithoutChannels, block.Has("Channels") ? block.LocationOf("Channels") : block.Location, type.Name));
            ExcitationParser.Validate(reader, diagnostics);
            se = ExcitationParser.ResolveVariant(reader, ExcitationParser.Apply(ExcitationParser.Defaults, reader), cancellationToken, diagnostics);
            if (se is { Placement: SEPlacement.AfterConv3x3 })
                diagnostics.Add(DiagnosticInfo.Create(PlacementNotSupported, reader.LocationOf("Placement"), "AfterConv3x3", type.Name));
            if (se is { Placement: SEPlacement.Identity or SEPlacement.Pre or SEPlacement.Post } && !residual)
                diagnostics.Add(DiagnosticInfo.Create(KnobNotForFamily, reader.LocationOf("Placement"),
                    $"Placement {se.Placement} places SE relative to a residual connection; '{type.Name}' has Residual = false"));
            if (se is not null && channels > 0 && !diagnostics.Any(IsError))
            {
                var plan = SEPlan.Create(se, channels, channels, channels, channels, 1);
                CheckReducedWidths(new[] { ("the block", plan) }, reader.LocationOf("Reduction"), diagnostics);
            }
        }
        else if (block.Has("Channels") && channels <= 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(NotPositive, block.LocationOf("Channels"), "Channels", channels));
        }
        CheckBranch(type, block, cancellationToken, diagnostics);
        CheckBatchNorms(type, diagnostics);
        var model = new CustomBlockModel(Namespace(type), type.Name, channels, residual, se?.Placement == SEPlacement.None ? null : se);
        return declaration.Result(model);
    }

    private const string TensorType = "TorchSharp.torch.Tensor";
    /// <summary>TorchSharp's 2-d batch norm (ARCH054; ARCH055 leaves its member initializers to ARCH054).</summary>
    internal const string TorchSharpBatchNorm = "TorchSharp.Modules.BatchNorm2d";

    /// <summary>ARCH054 on each field or property of TorchSharp's BatchNorm2d (README: TorchSharp's temporary scalars).</summary>
    private static void CheckBatchNorms(INamedTypeSymbol type, List<DiagnosticInfo> diagnostics)
    {
        foreach (ISymbol member in type.GetMembers())
        {
            ITypeSymbol? memberType = member switch
            {
                IFieldSymbol { IsImplicitlyDeclared: false } field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            if (memberType?.ToDisplayString() == TorchSharpBatchNorm)
                diagnostics.Add(DiagnosticInfo.Create(UnsafeBatchNorm, LocationInfo.From(member.Locations.FirstOrDefault()), type.Name, member.Name));
        }
    }

    /// <summary>
    /// The generated forward calls <c>Branch(x)</c> and declares <c>private partial Tensor Branch(Tensor x);</c>: the
    /// class must implement exactly that, or the generated half would not compile (ARCH053 says which part differs).
    /// </summary>
    private static void CheckBranch(INamedTypeSymbol type, AttributeReader block, CancellationToken cancellationToken, List<DiagnosticInfo> diagnostics)
    {
        var branches = type.GetMembers("Branch").ToList();
        if (branches.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(BranchSignature, block.Location, type.Name, "the class has no Branch method"));
            return;
        }
        foreach (ISymbol extra in branches.Skip(1))
            diagnostics.Add(DiagnosticInfo.Create(BranchSignature, LocationInfo.From(extra.Locations.FirstOrDefault()), type.Name, "Branch is declared more than once"));
        ISymbol branch = branches[0];
        string? problem = branch is not IMethodSymbol method ? $"Branch is a {branch.Kind.ToString().ToLowerInvariant()}, not a method"
            : !method.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is MethodDeclarationSyntax m && m.Modifiers.Any(SyntaxKind.PartialKeyword))
                ? "Branch is not declared partial"
            : method.DeclaredAccessibility != Accessibility.Private ? $"Branch is {SyntaxFacts.GetText(method.DeclaredAccessibility)}, not private"
            : method.IsStatic ? "Branch is static"
            : method.IsGenericMethod ? "Branch is generic"
            : method.ReturnType.ToDisplayString() != TensorType || method.ReturnsByRef || method.ReturnsByRefReadonly
                ? $"Branch returns {method.ReturnType.ToDisplayString()}"
            : method.Parameters.Length != 1 ? $"Branch takes {method.Parameters.Length} parameters"
            : method.Parameters[0].Type.ToDisplayString() != TensorType || method.Parameters[0].RefKind != RefKind.None
                ? $"Branch takes {method.Parameters[0].ToDisplayString()}"
            : null;
        if (problem is not null)
            diagnostics.Add(DiagnosticInfo.Create(BranchSignature, LocationInfo.From(branch.Locations.FirstOrDefault()), type.Name, problem));
    }
}
