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

        int inputChannels = network.Bounded("InputChannels", Limits.MaxChannels, diagnostics);
        int classes = network.Bounded("Classes", Limits.MaxChannels, diagnostics);
        int inputSize = network.Bounded("InputSize", Limits.MaxInputSize, diagnostics);
        int stemChannels = network.Bounded("StemChannels", Limits.MaxChannels, diagnostics);
        int lastChannel = style != MobileStyle.EfficientNet ? network.Bounded("LastChannel", Limits.MaxChannels, diagnostics) : 0;
        int headChannels = style == MobileStyle.EfficientNet ? network.Bounded("HeadChannels", Limits.MaxChannels, diagnostics) : 0;
        var scaling = style == MobileStyle.EfficientNet ? ReadScaling(network, diagnostics) : CompoundScaling.None;
        if (!diagnostics.Any(IsError))
        {
            stemChannels = scaling.Width(stemChannels, "StemChannels", network.LocationOf("WidthMultiplier"), diagnostics);
            headChannels = scaling.Width(headChannels, "HeadChannels", network.LocationOf("WidthMultiplier"), diagnostics);
        }
        double dropout = network.Double("Dropout");
        if (!(dropout >= 0 && dropout < 1)) // written so that NaN fails too
            diagnostics.Add(DiagnosticInfo.Create(InvalidUnit, network.LocationOf("Dropout"), $"Dropout {dropout} must lie in [0, 1)"));
        double stochasticDepth = style == MobileStyle.EfficientNet ? network.Double("StochasticDepth") : 0;
        if (!(stochasticDepth >= 0 && stochasticDepth < 1))
            diagnostics.Add(DiagnosticInfo.Create(InvalidUnit, network.LocationOf("StochasticDepth"), $"StochasticDepth {stochasticDepth} must lie in [0, 1)"));
        var activation = style switch
        {
            MobileStyle.EfficientNet => network.As<EfficientNetAttribute>().Activation,
            MobileStyle.MobileNetV2 => Activation.ReLU6,
            _ => Activation.HardSwish, // MobileNetV3's stem; its units name their own
        };

        SEModel? preset = KnownModels.Preset(style);
        SEModel? se = ExcitationParser.ReadNetworkSE(type, style.ToString(), cancellationToken, diagnostics, preset);
        List<MobileUnitModel> units = style == MobileStyle.MobileNetV3
            ? ReadInvertedResiduals(type, stemChannels, se is not null, cancellationToken, diagnostics)
            : ReadStages(type, network, style, scaling, stemChannels, activation, se is not null, cancellationToken, diagnostics);
        if (units.Count == 0 && !diagnostics.Any(IsError))
            diagnostics.Add(DiagnosticInfo.Create(NoStages, network.Location, type.Name, style == MobileStyle.MobileNetV3
                ? "add one [InvertedResidual(kernel, expanded, output, stride)] per unit, e.g. [InvertedResidual(3, 16, 16, 2, SE = true)]"
                : "add one [MBConvStage(expandRatio, kernel, stride, output, layers)] per stage, e.g. [MBConvStage(1, 3, 1, 16, 1)]"));
        if (declaration.HasErrors) return declaration.Result(null);

        var model = new MobileNetModel(Namespace(type), type.Name, style, inputChannels, classes, inputSize, stemChannels, activation,
            headChannels, lastChannel, dropout, stochasticDepth, units.ToEquatableArray(), se);
        NetworkPlan? plan = Limits.TryPlan(() => MobileNetCounter.Plan(model), type.Name, network, diagnostics);
        if (plan is null) return declaration.Result(null);
        AttributeReader? seReader = ExcitationParser.SEAttributes(type, cancellationToken).FirstOrDefault();
        LocationInfo? seLocation = seReader?.LocationOf(seReader.Has("Variant") ? "Variant" : "Reduction");
        if (preset is not null)
            KnownModels.CheckSE(type.Name, KnownModels.Match(model), se, preset, seReader, plan.Parameters,
                () => MobileNetCounter.Plan(model with { SE = preset }).Parameters, diagnostics);
        CheckReducedWidths(plan.MobileUnits.Where(u => u.SE is not null)
            .Select(u => ($"unit {u.Unit.Stage}.{u.Unit.Index}", u.SE!)), seLocation, diagnostics);
        CheckExpectations(plan, type, cancellationToken, diagnostics);
        return declaration.Planned(plan);
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
            InvertedResidualAttribute unit = reader.As<InvertedResidualAttribute>();
            int[] values = { unit.Kernel, unit.Expanded, unit.Output, unit.Stride };
            int ordinal = units.Count + 1;
            if (!CheckShape(reader, ordinal, values[0], values[3], new[] { (1, "expanded", values[1]), (2, "output", values[2]) }, diagnostics)) continue;
            if (!Limits.Check(ordinal, Limits.MaxUnits, "The number of [InvertedResidual] units", reader.Location, diagnostics)) break;
            if (!Limits.Check(values[1], Limits.MaxChannels, $"Unit {ordinal} expanded", reader.LocationOfPositional(1), diagnostics)
                | !Limits.Check(values[2], Limits.MaxChannels, $"Unit {ordinal} output", reader.LocationOfPositional(2), diagnostics)) continue;
            bool hasSE = unit.SE;
            if (hasSE && !networkHasSE)
                diagnostics.Add(DiagnosticInfo.Create(InvalidUnit, reader.LocationOf("SE"),
                    $"Unit {ordinal} asks for SE but '{type.Name}' declares no [SEBlock] to say which one"));
            units.Add(new MobileUnitModel(ordinal, 0, values[0], inChannels, values[1], values[2], values[3], hasSE,
                unit.Activation));
            inChannels = values[2];
        }
        return units;
    }

    /// <summary>EfficientNet's compound scaling; <see cref="None"/> leaves widths and depths as written.</summary>
    private sealed record CompoundScaling(double? WidthMultiplier, double? DepthMultiplier)
    {
        public static readonly CompoundScaling None = new(null, null);

        /// <summary>The scaled width, checked against the limits on the multiplier's argument.</summary>
        public int Width(int channels, string what, LocationInfo? location, List<DiagnosticInfo> diagnostics)
        {
            if (WidthMultiplier is not { } m) return channels;
            long scaled = Scaling.ScaleWidth(channels, m);
            return Limits.Check(scaled, Limits.MaxChannels, $"{what} × WidthMultiplier", location, diagnostics) ? (int)scaled : channels;
        }

        public long Depth(int layers) => DepthMultiplier is { } m ? Scaling.ScaleDepth(layers, m) : layers;
    }

    /// <summary>WidthMultiplier and DepthMultiplier, when named: finite and in (0, 64].</summary>
    private static CompoundScaling ReadScaling(AttributeReader network, List<DiagnosticInfo> diagnostics)
    {
        double? Read(string name)
        {
            if (!network.Has(name)) return null;
            double value = network.Double(name);
            if (value > 0 && value <= 64) return value; // written so that NaN fails too
            diagnostics.Add(DiagnosticInfo.Create(InvalidScaling, network.LocationOf(name),
                $"{name} {value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} must lie in (0, 64] (torchvision's B0–B7 use 1.0 to 3.1)"));
            return null;
        }
        return new CompoundScaling(Read("WidthMultiplier"), Read("DepthMultiplier"));
    }

    private static List<MobileUnitModel> ReadStages(INamedTypeSymbol type, AttributeReader network, MobileStyle style, CompoundScaling scaling,
        int stemChannels, Activation activation, bool hasSE, CancellationToken cancellationToken, List<DiagnosticInfo> diagnostics)
    {
        var units = new List<MobileUnitModel>();
        int inChannels = stemChannels;
        int stage = 0;
        var written = type.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == MBConvStageAttribute)
            .Select(a => new AttributeReader(a, cancellationToken)).Where(r => r.IsValid && r.PositionalCount >= 5)
            .Select(r => (Reader: r, Attribute: r.As<MBConvStageAttribute>()))
            .Select(r => (r.Reader, Stage: new Scaling.MBConvStage(
                r.Attribute.ExpandRatio, r.Attribute.Kernel, r.Attribute.Stride, r.Attribute.Output, r.Attribute.Layers)))
            .ToList();
        // An EfficientNet without stages is B0 (what the multipliers scale); the declaration's own attribute locates problems.
        if (written.Count == 0 && style == MobileStyle.EfficientNet)
            written = Scaling.EfficientNetB0Stages.Select(s => (Reader: network, Stage: s)).ToList();
        foreach (var (reader, written_stage) in written)
        {
            int expandRatio = written_stage.ExpandRatio, kernel = written_stage.Kernel, stride = written_stage.Stride;
            stage++;
            if (!CheckShape(reader, stage, kernel, stride, new[] { (0, "expandRatio", expandRatio), (3, "output", written_stage.Output), (4, "layers", written_stage.Layers) }, diagnostics, kernelIndex: 1, strideIndex: 2))
                continue;
            int output = written_stage.Output <= Limits.MaxChannels
                ? scaling.Width(written_stage.Output, $"Stage {stage} output", network.LocationOf("WidthMultiplier"), diagnostics)
                : written_stage.Output;
            long layers = scaling.Depth(written_stage.Layers);
            if (!Limits.Check(units.Count + layers, Limits.MaxUnits, $"The number of units up to stage {stage}",
                    network.Has("DepthMultiplier") ? network.LocationOf("DepthMultiplier") : reader.LocationOfPositional(4), diagnostics)) break;
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
