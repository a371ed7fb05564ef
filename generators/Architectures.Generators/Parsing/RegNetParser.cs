using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Architectures.Generators.Counting;
using Architectures.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Architectures.Generators.Diagnostics.DiagnosticDescriptors;
using static Architectures.Generators.Parsing.DeclarationChecks;

namespace Architectures.Generators.Parsing;

/// <summary>Reads [RegNet] declarations (RegNetY when the class also carries [SEBlock]).</summary>
internal static class RegNetParser
{
    public const string RegNetAttribute = "Architectures.RegNetAttribute";

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var declaration = new Declaration(context, RegNetAttribute, cancellationToken);
        if (!declaration.CanRead || declaration.Attribute.PositionalCount < 1) return declaration.Result(null);
        INamedTypeSymbol type = declaration.Type;
        AttributeReader network = declaration.Attribute;
        List<DiagnosticInfo> diagnostics = declaration.Diagnostics;

        TypedConstant depthsArgument = network.Positional(0);
        int[] depths = depthsArgument.IsNull ? new int[0] : depthsArgument.Values.Select(v => System.Convert.ToInt32(v.Value, CultureInfo.InvariantCulture)).ToArray();
        if (depths.Length == 0)
            diagnostics.Add(DiagnosticInfo.Create(NoStages, network.Location, type.Name,
                "give the units per stage and their widths, e.g. [RegNet(1, 3, 6, 6, Widths = new[] { 48, 104, 208, 440 })]"));
        for (int i = 0; i < depths.Length; i++)
            if (depths[i] <= 0) diagnostics.Add(DiagnosticInfo.Create(EmptyStage, network.LocationOfPositional(i), i + 1, depths[i]));

        if (!Limits.CheckUnits(depths, i => network.LocationOfPositional(i), diagnostics)) return declaration.Result(null);
        int groupWidth = network.Bounded("GroupWidth", 8, Limits.MaxChannels, diagnostics);
        int[] widths = network.IntArray("Widths")?.ToArray() ?? new int[0];
        if (widths.Length != depths.Length)
            diagnostics.Add(DiagnosticInfo.Create(WidthsCountMismatch, network.Has("Widths") ? network.LocationOf("Widths") : network.Location, widths.Length, depths.Length));
        for (int i = 0; i < widths.Length; i++)
        {
            if (widths[i] > Limits.MaxChannels)
                Limits.Check(widths[i], Limits.MaxChannels, $"The width of stage {i + 1}", network.LocationOfElement("Widths", i), diagnostics);
            else if (widths[i] <= 0)
                diagnostics.Add(DiagnosticInfo.Create(NotPositive, network.LocationOfElement("Widths", i), $"Widths[{i}] (stage {i + 1})", widths[i]));
            else if (groupWidth > 0 && widths[i] % groupWidth != 0)
                diagnostics.Add(DiagnosticInfo.Create(GroupsDoNotDivide, network.LocationOfElement("Widths", i),
                    $"Stage {i + 1}: width {widths[i]} is not a multiple of GroupWidth {groupWidth}, so the 3×3 convolution cannot be split into groups of {groupWidth}"));
        }
        int inputChannels = network.Bounded("InputChannels", 3, Limits.MaxChannels, diagnostics);
        int classes = network.Bounded("Classes", 1000, Limits.MaxChannels, diagnostics);
        int inputSize = network.Bounded("InputSize", 224, Limits.MaxInputSize, diagnostics);
        int stemChannels = network.Bounded("StemChannels", 32, Limits.MaxChannels, diagnostics);
        SEModel? se = ExcitationParser.ReadNetworkSE(type, "RegNet", cancellationToken, diagnostics);
        if (declaration.HasErrors) return declaration.Result(null);

        var model = new RegNetModel(Namespace(type), type.Name, inputChannels, classes, inputSize, stemChannels, groupWidth,
            depths.ToEquatableArray(), widths.ToEquatableArray(), se);
        NetworkPlan? plan = Limits.TryPlan(() => RegNetCounter.Plan(model), type.Name, network, diagnostics);
        if (plan is null) return declaration.Result(null);
        LocationInfo? seLocation = ExcitationParser.SEAttributes(type, cancellationToken).FirstOrDefault() is { } seReader
            ? seReader.LocationOf(seReader.Has("Variant") ? "Variant" : "Reduction") : null;
        CheckReducedWidths(plan.RegNetUnits.Where(u => u.SE is not null)
            .Select(u => ($"unit block{u.Stage}-{u.Index}", u.SE!)), seLocation, diagnostics);
        CheckExpectations(plan, type, cancellationToken, diagnostics);
        return declaration.Result(model);
    }
}
