using System;
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
        if (!declaration.CanRead) return declaration.Result(null);
        INamedTypeSymbol type = declaration.Type;
        AttributeReader network = declaration.Attribute;
        List<DiagnosticInfo> diagnostics = declaration.Diagnostics;

        int groupWidth = network.Bounded("GroupWidth", Limits.MaxChannels, diagnostics);
        double bottleneck = network.Double("BottleneckMultiplier");
        if (!(bottleneck > 0 && bottleneck <= 64)) // written so that NaN fails too
            diagnostics.Add(DiagnosticInfo.Create(InvalidScaling, network.LocationOf("BottleneckMultiplier"),
                $"BottleneckMultiplier {Text(bottleneck)} must lie in (0, 64]"));
        int[] depths, widths, groupWidths;
        if (GeneratedParameters.Any(network.Has))
        {
            if (!ReadGenerated(network, groupWidth, bottleneck, diagnostics, out depths, out widths, out groupWidths))
                return declaration.Result(null);
        }
        else
        {
            depths = network.As<RegNetAttribute>().Depths ?? new int[0];
            if (depths.Length == 0)
                diagnostics.Add(DiagnosticInfo.Create(NoStages, network.Location, type.Name,
                    "generate them with Depth, InitialWidth, WidthSlope and WidthMultiplier, or give the units per stage and their widths, " +
                    "e.g. [RegNet(1, 3, 6, 6, Widths = new[] { 48, 104, 208, 440 })]"));
            for (int i = 0; i < depths.Length; i++)
                if (depths[i] <= 0) diagnostics.Add(DiagnosticInfo.Create(EmptyStage, network.LocationOfPositional(i), i + 1, depths[i]));

            if (!Limits.CheckUnits(depths, i => network.LocationOfPositional(i), diagnostics)) return declaration.Result(null);
            widths = network.As<RegNetAttribute>().Widths ?? new int[0];
            if (widths.Length != depths.Length)
                diagnostics.Add(DiagnosticInfo.Create(WidthsCountMismatch, network.Has("Widths") ? network.LocationOf("Widths") : network.Location, widths.Length, depths.Length));
            for (int i = 0; i < widths.Length; i++)
            {
                long grouped = diagnostics.Any(IsError) ? widths[i] : Scaling.BottleneckWidth(widths[i], bottleneck);
                if (widths[i] > Limits.MaxChannels)
                    Limits.Check(widths[i], Limits.MaxChannels, $"The width of stage {i + 1}", network.LocationOfElement("Widths", i), diagnostics);
                else if (widths[i] <= 0)
                    diagnostics.Add(DiagnosticInfo.Create(NotPositive, network.LocationOfElement("Widths", i), $"Widths[{i}] (stage {i + 1})", widths[i]));
                else if (!Limits.Check(grouped, Limits.MaxChannels, $"The bottleneck width of stage {i + 1}", network.LocationOf("BottleneckMultiplier"), diagnostics)) { }
                else if (groupWidth > 0 && (grouped == 0 || grouped % groupWidth != 0))
                    diagnostics.Add(DiagnosticInfo.Create(GroupsDoNotDivide, network.LocationOfElement("Widths", i), grouped == widths[i]
                        ? $"Stage {i + 1}: width {widths[i]} is not a multiple of GroupWidth {groupWidth}, so the 3×3 convolution cannot be split into groups of {groupWidth}"
                        : $"Stage {i + 1}: bottleneck width {grouped} (width {widths[i]} × {Text(bottleneck)}) is not a multiple of GroupWidth {groupWidth}, so the 3×3 convolution cannot be split into groups of {groupWidth}"));
            }
            groupWidths = depths.Select(_ => groupWidth).ToArray();
        }
        int inputChannels = network.Bounded("InputChannels", Limits.MaxChannels, diagnostics);
        int classes = network.Bounded("Classes", Limits.MaxChannels, diagnostics);
        int inputSize = network.Bounded("InputSize", Limits.MaxInputSize, diagnostics);
        int stemChannels = network.Bounded("StemChannels", Limits.MaxChannels, diagnostics);
        SEModel? se = ExcitationParser.ReadNetworkSE(type, "RegNet", cancellationToken, diagnostics, KnownModels.RegNetSE);
        if (declaration.HasErrors) return declaration.Result(null);

        var model = new RegNetModel(Namespace(type), type.Name, inputChannels, classes, inputSize, stemChannels, groupWidth,
            depths.ToEquatableArray(), widths.ToEquatableArray(), groupWidths.ToEquatableArray(), bottleneck, se);
        NetworkPlan? plan = Limits.TryPlan(() => RegNetCounter.Plan(model), type.Name, network, diagnostics);
        if (plan is null) return declaration.Result(null);
        AttributeReader? seReader = ExcitationParser.SEAttributes(type, cancellationToken).FirstOrDefault();
        LocationInfo? seLocation = seReader?.LocationOf(seReader.Has("Variant") ? "Variant" : "Reduction");
        KnownModels.CheckSE(type.Name, KnownModels.Match(model), se, KnownModels.RegNetSE, seReader, plan.Parameters,
            () => RegNetCounter.Plan(model with { SE = KnownModels.RegNetSE }).Parameters, diagnostics);
        CheckReducedWidths(plan.RegNetUnits.Where(u => u.SE is not null)
            .Select(u => ($"unit block{u.Stage}-{u.Index}", u.SE!)), seLocation, diagnostics);
        CheckExpectations(plan, type, cancellationToken, diagnostics);
        return declaration.Planned(plan);
    }

    /// <summary>The quantised-linear parameters; naming any of them generates the stages instead of listing them.</summary>
    private static readonly string[] GeneratedParameters = { "Depth", "InitialWidth", "WidthSlope", "WidthMultiplier" };

    /// <summary>Stages from d, w₀, wₐ, wₘ (torchvision's BlockParams.from_init_params, with its checks), each problem on its argument.</summary>
    private static bool ReadGenerated(AttributeReader network, int groupWidth, double bottleneck, List<DiagnosticInfo> diagnostics,
        out int[] depths, out int[] widths, out int[] groupWidths)
    {
        depths = widths = groupWidths = new int[0];
        int before = diagnostics.Count;
        if (network.As<RegNetAttribute>().Depths is { Length: > 0 })
            diagnostics.Add(DiagnosticInfo.Create(InvalidScaling, network.LocationOfPositional(0),
                "List the units per stage or generate them from Depth, InitialWidth, WidthSlope and WidthMultiplier, not both"));
        if (network.Has("Widths"))
            diagnostics.Add(DiagnosticInfo.Create(InvalidScaling, network.LocationOf("Widths"),
                "Widths are generated from InitialWidth, WidthSlope and WidthMultiplier; remove Widths or those parameters"));
        foreach (string name in GeneratedParameters.Where(n => !network.Has(n)))
            diagnostics.Add(DiagnosticInfo.Create(InvalidScaling, network.Location,
                $"{name} is missing: a RegNet generated from its parameters needs Depth, InitialWidth, WidthSlope and WidthMultiplier " +
                "(regnet_y_400mf: Depth = 16, InitialWidth = 48, WidthSlope = 27.89, WidthMultiplier = 2.09)"));
        if (diagnostics.Count > before) return false;

        int depth = network.Int("Depth");
        int initialWidth = network.Int("InitialWidth");
        double slope = network.Double("WidthSlope");
        double multiplier = network.Double("WidthMultiplier");
        if (depth <= 0)
            diagnostics.Add(DiagnosticInfo.Create(NotPositive, network.LocationOf("Depth"), "Depth", depth));
        else
            Limits.Check(depth, Limits.MaxUnits, "Depth", network.LocationOf("Depth"), diagnostics);
        if (initialWidth <= 0 || initialWidth % Scaling.ChannelDivisor != 0)
            diagnostics.Add(DiagnosticInfo.Create(InvalidScaling, network.LocationOf("InitialWidth"),
                $"InitialWidth {initialWidth} must be a positive multiple of {Scaling.ChannelDivisor}"));
        else
            Limits.Check(initialWidth, Limits.MaxChannels, "InitialWidth", network.LocationOf("InitialWidth"), diagnostics);
        if (!(slope >= 0 && slope <= Limits.MaxChannels)) // NaN fails too
            diagnostics.Add(DiagnosticInfo.Create(InvalidScaling, network.LocationOf("WidthSlope"),
                $"WidthSlope {Text(slope)} must lie in [0, {Limits.MaxChannels}]"));
        if (!(multiplier > 1 && multiplier <= Limits.MaxChannels))
            diagnostics.Add(DiagnosticInfo.Create(InvalidScaling, network.LocationOf("WidthMultiplier"),
                $"WidthMultiplier {Text(multiplier)} must be greater than 1 (widths grow by this factor from stage to stage)"));
        if (diagnostics.Count > before || diagnostics.Any(IsError)) return false;

        // The widest unit's continuous width bounds every quantised width (up to the rounding of one step of wₘ).
        double widest = (initialWidth + slope * (depth - 1)) * multiplier * Math.Max(1, bottleneck);
        if (!Limits.Check((long)Math.Min(widest, long.MaxValue), Limits.MaxChannels, "The widest unit (about (InitialWidth + WidthSlope × (Depth − 1)) × WidthMultiplier)",
                network.LocationOf("WidthSlope"), diagnostics))
            return false;
        var stages = Scaling.QuantisedLinear(depth, initialWidth, slope, multiplier, groupWidth, bottleneck);
        (depths, widths, groupWidths) = (stages.Depths, stages.Widths, stages.GroupWidths);
        if (groupWidths.Any(g => g <= 0) || widths.Any(w => w <= 0))
        {
            diagnostics.Add(DiagnosticInfo.Create(InvalidScaling, network.LocationOf("BottleneckMultiplier"),
                $"BottleneckMultiplier {Text(bottleneck)} leaves a stage without channels (widths {Scaling.Join(widths)})"));
            return false;
        }
        return true;
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
