using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Architectures.Generators.Counting;
using Architectures.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Architectures.Generators.Diagnostics.DiagnosticDescriptors;
using static Architectures.Generators.Parsing.DeclarationChecks;

namespace Architectures.Generators.Parsing;

/// <summary>Reads [MobileNetV3] + [InvertedResidual]…, and [MobileNetV2] or [EfficientNet] + [MBConvStage]… declarations.</summary>
internal static class MobileNetParser
{
    public const string MobileNetV3Attribute = "Architectures.MobileNetV3Attribute";
    public const string EfficientNetAttribute = "Architectures.EfficientNetAttribute";
    public const string MobileNetV2Attribute = "Architectures.MobileNetV2Attribute";
    private const string InvertedResidualAttribute = "Architectures.InvertedResidualAttribute";
    private const string MBConvStageAttribute = "Architectures.MBConvStageAttribute";

    public static ParseResult ParseMobileNetV3(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        Parse(context, MobileStyle.MobileNetV3, cancellationToken);

    public static ParseResult ParseMobileNetV2(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        Parse(context, MobileStyle.MobileNetV2, cancellationToken);

    public static ParseResult ParseEfficientNet(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        Parse(context, MobileStyle.EfficientNet, cancellationToken);

    private static ParseResult Parse(GeneratorAttributeSyntaxContext context, MobileStyle style, CancellationToken cancellationToken)
    {
        string own = style switch
        {
            MobileStyle.MobileNetV3 => MobileNetV3Attribute,
            MobileStyle.MobileNetV2 => MobileNetV2Attribute,
            _ => EfficientNetAttribute,
        };
        var declaration = new Declaration(context, own, cancellationToken);
        if (!declaration.CanRead) return declaration.Result(null);
        INamedTypeSymbol type = declaration.Type;
        AttributeReader network = declaration.Attribute;
        List<DiagnosticInfo> diagnostics = declaration.Diagnostics;

        int inputChannels = network.Bounded("InputChannels", 3, Limits.MaxChannels, diagnostics);
        int classes = network.Bounded("Classes", 1000, Limits.MaxChannels, diagnostics);
        int inputSize = network.Bounded("InputSize", 224, Limits.MaxInputSize, diagnostics);
        int stemChannels = network.Bounded("StemChannels", style == MobileStyle.MobileNetV3 ? 16 : 32, Limits.MaxChannels, diagnostics);
        int lastChannel = style != MobileStyle.EfficientNet ? network.Bounded("LastChannel", 1280, Limits.MaxChannels, diagnostics) : 0;
        int headChannels = style == MobileStyle.EfficientNet ? network.Bounded("HeadChannels", 1280, Limits.MaxChannels, diagnostics) : 0;
        double dropout = network.Double("Dropout", 0.2);
        if (!(dropout >= 0 && dropout < 1)) // written so that NaN fails too
            diagnostics.Add(DiagnosticInfo.Create(InvalidUnit, network.LocationOf("Dropout"), $"Dropout {dropout} must lie in [0, 1)"));
        double stochasticDepth = style == MobileStyle.EfficientNet ? network.Double("StochasticDepth", 0.2) : 0;
        if (!(stochasticDepth >= 0 && stochasticDepth < 1))
            diagnostics.Add(DiagnosticInfo.Create(InvalidUnit, network.LocationOf("StochasticDepth"), $"StochasticDepth {stochasticDepth} must lie in [0, 1)"));
        var activation = style switch
        {
            MobileStyle.EfficientNet => (ActivationKind)network.Int("Activation", (int)ActivationKind.SiLU),
            MobileStyle.MobileNetV2 => ActivationKind.ReLU6,
            _ => ActivationKind.HardSwish, // MobileNetV3's stem; its units name their own
        };

        SEModel? se = ExcitationParser.ReadNetworkSE(type, style.ToString(), cancellationToken, diagnostics);
        List<MobileUnitModel> units = style == MobileStyle.MobileNetV3
            ? ReadInvertedResiduals(type, stemChannels, se is not null, cancellationToken, diagnostics)
            : ReadStages(type, stemChannels, activation, se is not null, cancellationToken, diagnostics);
        if (units.Count == 0 && !diagnostics.Any(IsError))
            diagnostics.Add(DiagnosticInfo.Create(NoStages, network.Location, type.Name, style == MobileStyle.MobileNetV3
                ? "add one [InvertedResidual(kernel, expanded, output, stride)] per unit, e.g. [InvertedResidual(3, 16, 16, 2, SE = true)]"
                : "add one [MBConvStage(expandRatio, kernel, stride, output, layers)] per stage, e.g. [MBConvStage(1, 3, 1, 16, 1)]"));
        if (declaration.HasErrors) return declaration.Result(null);

        var model = new MobileNetModel(Namespace(type), type.Name, style, inputChannels, classes, inputSize, stemChannels, activation,
            headChannels, lastChannel, dropout, stochasticDepth, units.ToEquatableArray(), se);
        NetworkPlan? plan = Limits.TryPlan(() => MobileNetCounter.Plan(model), type.Name, network, diagnostics);
        if (plan is null) return declaration.Result(null);
        LocationInfo? seLocation = ExcitationParser.SEAttributes(type, cancellationToken).FirstOrDefault() is { } seReader
            ? seReader.LocationOf(seReader.Has("Variant") ? "Variant" : "Reduction") : null;
        CheckReducedWidths(plan.MobileUnits.Where(u => u.SE is not null)
            .Select(u => ($"unit {u.Unit.Stage}.{u.Unit.Index}", u.SE!)), seLocation, diagnostics);
        CheckExpectations(plan, type, cancellationToken, diagnostics);
        return declaration.Result(model);
    }

    private static List<MobileUnitModel> ReadInvertedResiduals(INamedTypeSymbol type, int stemChannels, bool networkHasSE,
        CancellationToken cancellationToken, List<DiagnosticInfo> diagnostics)
    {
        var units = new List<MobileUnitModel>();
        int inChannels = stemChannels;
        foreach (AttributeData attribute in type.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == InvertedResidualAttribute))
        {
            var reader = new AttributeReader(attribute, cancellationToken);
            if (!reader.IsValid || reader.PositionalCount < 4) continue;
            int[] values = Enumerable.Range(0, 4).Select(i => System.Convert.ToInt32(reader.Positional(i).Value)).ToArray();
            int ordinal = units.Count + 1;
            if (!CheckShape(reader, ordinal, values[0], values[3], new[] { (1, "expanded", values[1]), (2, "output", values[2]) }, diagnostics)) continue;
            if (!Limits.Check(ordinal, Limits.MaxUnits, "The number of [InvertedResidual] units", reader.Location, diagnostics)) break;
            if (!Limits.Check(values[1], Limits.MaxChannels, $"Unit {ordinal} expanded", reader.LocationOfPositional(1), diagnostics)
                | !Limits.Check(values[2], Limits.MaxChannels, $"Unit {ordinal} output", reader.LocationOfPositional(2), diagnostics)) continue;
            bool hasSE = reader.Bool("SE", false);
            if (hasSE && !networkHasSE)
                diagnostics.Add(DiagnosticInfo.Create(InvalidUnit, reader.LocationOf("SE"),
                    $"Unit {ordinal} asks for SE but '{type.Name}' declares no [SEBlock] to say which one"));
            units.Add(new MobileUnitModel(ordinal, 0, values[0], inChannels, values[1], values[2], values[3], hasSE,
                (ActivationKind)reader.Int("Activation", 0)));
            inChannels = values[2];
        }
        return units;
    }

    private static List<MobileUnitModel> ReadStages(INamedTypeSymbol type, int stemChannels, ActivationKind activation, bool hasSE,
        CancellationToken cancellationToken, List<DiagnosticInfo> diagnostics)
    {
        var units = new List<MobileUnitModel>();
        int inChannels = stemChannels;
        int stage = 0;
        foreach (AttributeData attribute in type.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == MBConvStageAttribute))
        {
            var reader = new AttributeReader(attribute, cancellationToken);
            if (!reader.IsValid || reader.PositionalCount < 5) continue;
            int[] v = Enumerable.Range(0, 5).Select(i => System.Convert.ToInt32(reader.Positional(i).Value)).ToArray();
            int expandRatio = v[0], kernel = v[1], stride = v[2], output = v[3], layers = v[4];
            stage++;
            if (!CheckShape(reader, stage, kernel, stride, new[] { (0, "expandRatio", expandRatio), (3, "output", output), (4, "layers", layers) }, diagnostics, kernelIndex: 1, strideIndex: 2))
                continue;
            if (!Limits.Check((long)units.Count + layers, Limits.MaxUnits, $"The number of units up to stage {stage}",
                    reader.LocationOfPositional(4), diagnostics)) break;
            if (!Limits.Check(output, Limits.MaxChannels, $"Stage {stage} output", reader.LocationOfPositional(3), diagnostics)
                | !Limits.Check((long)System.Math.Max(inChannels, output) * expandRatio, Limits.MaxChannels,
                    $"Stage {stage}'s expanded width ({System.Math.Max(inChannels, output)} × {expandRatio})", reader.LocationOfPositional(0), diagnostics))
                continue;
            for (int i = 0; i < layers; i++)
            {
                int unitIn = i == 0 ? inChannels : output;
                units.Add(new MobileUnitModel(stage, i, kernel, unitIn, unitIn * expandRatio, output, i == 0 ? stride : 1, hasSE, activation));
            }
            inChannels = output;
        }
        return units;
    }

    /// <summary>Kernel odd and positive, stride 1 or 2, widths positive; each problem located on its argument.</summary>
    private static bool CheckShape(AttributeReader reader, int ordinal, int kernel, int stride, (int Index, string Name, int Value)[] positives,
        List<DiagnosticInfo> diagnostics, int kernelIndex = 0, int strideIndex = 3)
    {
        int before = diagnostics.Count;
        if (kernel <= 0 || kernel % 2 == 0)
            diagnostics.Add(DiagnosticInfo.Create(InvalidUnit, reader.LocationOfPositional(kernelIndex), $"Unit {ordinal}: kernel {kernel} must be odd and positive (it is padded by (k − 1) / 2)"));
        if (stride is not (1 or 2))
            diagnostics.Add(DiagnosticInfo.Create(InvalidUnit, reader.LocationOfPositional(strideIndex), $"Unit {ordinal}: stride {stride} must be 1 or 2"));
        foreach (var (index, name, value) in positives)
            if (value <= 0)
                diagnostics.Add(DiagnosticInfo.Create(NotPositive, reader.LocationOfPositional(index), $"Unit {ordinal} {name}", value));
        return diagnostics.Count == before;
    }
}
