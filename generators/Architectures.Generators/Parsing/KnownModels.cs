using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Architectures.Generators.Counting;
using Architectures.Generators.Model;
using static Architectures.Generators.Diagnostics.DiagnosticDescriptors;

namespace Architectures.Generators.Parsing;

/// <summary>
/// torchvision's excitation for each family (what a bare [SEBlock] means there), and the torchvision models a
/// declaration can be recognised as: where a network has a known model's layers but its SE knobs differ from that
/// model's, ARCH035 says so, with both parameter counts.
/// </summary>
internal static class KnownModels
{
    /// <summary>EfficientNet's MBConv: SqueezeExcitation(expanded, max(1, block input // 4), SiLU).</summary>
    public static readonly SEModel EfficientNetSE = ExcitationParser.Defaults with
    {
        Reduction = 4, Reference = ReferenceWidth.BlockInput, MinChannels = 1, Activation = Activation.SiLU,
    };

    /// <summary>MobileNetV3: SqueezeExcitation(expanded, make_divisible(expanded // 4, 8)) with a hard-sigmoid gate.</summary>
    public static readonly SEModel MobileNetV3SE = ExcitationParser.Defaults with
    {
        Reduction = 4, Divisor = 8, Reference = ReferenceWidth.Expanded, Gate = Gate.HardSigmoid,
    };

    /// <summary>RegNetY: SqueezeExcitation(bottleneck width, int(round(0.25 × block input))).</summary>
    public static readonly SEModel RegNetSE = ExcitationParser.Defaults with
    {
        Reduction = 4, Reference = ReferenceWidth.BlockInput, Rounding = Rounding.Nearest,
    };

    /// <summary>The family's preset; MobileNetV2 has no SE in torchvision, so it keeps the paper's defaults.</summary>
    public static SEModel? Preset(MobileStyle style) => style switch
    {
        MobileStyle.EfficientNet => EfficientNetSE,
        MobileStyle.MobileNetV3 => MobileNetV3SE,
        _ => null,
    };

    /// <summary>torchvision's efficientnet_b0…b7: (width_mult, depth_mult).</summary>
    public static readonly (string Name, double Width, double Depth)[] EfficientNets =
    {
        ("efficientnet_b0", 1.0, 1.0), ("efficientnet_b1", 1.0, 1.1), ("efficientnet_b2", 1.1, 1.2), ("efficientnet_b3", 1.2, 1.4),
        ("efficientnet_b4", 1.4, 1.8), ("efficientnet_b5", 1.6, 2.2), ("efficientnet_b6", 1.8, 2.6), ("efficientnet_b7", 2.0, 3.1),
    };

    /// <summary>torchvision's regnet_y_*: BlockParams.from_init_params(depth, w_0, w_a, w_m, group_width, se_ratio=0.25).</summary>
    public static readonly (string Name, int Depth, int InitialWidth, double Slope, double Multiplier, int GroupWidth)[] RegNetYs =
    {
        ("regnet_y_400mf", 16, 48, 27.89, 2.09, 8), ("regnet_y_800mf", 14, 56, 38.84, 2.4, 16),
        ("regnet_y_1_6gf", 27, 48, 20.71, 2.65, 24), ("regnet_y_3_2gf", 21, 80, 42.63, 2.66, 24),
        ("regnet_y_8gf", 17, 192, 76.82, 2.19, 56), ("regnet_y_16gf", 18, 200, 106.23, 2.48, 112),
        ("regnet_y_32gf", 20, 232, 115.89, 2.53, 232), ("regnet_y_128gf", 27, 456, 160.83, 2.52, 264),
    };

    /// <summary>torchvision's mobilenet_v3_small and _large: last channel and units (kernel, expanded, output, stride, SE).</summary>
    public static readonly (string Name, int LastChannel, (int Kernel, int Expanded, int Output, int Stride, bool SE)[] Units)[] MobileNetV3s =
    {
        ("mobilenet_v3_small", 1024, new[]
        {
            (3, 16, 16, 2, true), (3, 72, 24, 2, false), (3, 88, 24, 1, false), (5, 96, 40, 2, true), (5, 240, 40, 1, true),
            (5, 240, 40, 1, true), (5, 120, 48, 1, true), (5, 144, 48, 1, true), (5, 288, 96, 2, true), (5, 576, 96, 1, true),
            (5, 576, 96, 1, true),
        }),
        ("mobilenet_v3_large", 1280, new[]
        {
            (3, 16, 16, 1, false), (3, 64, 24, 2, false), (3, 72, 24, 1, false), (5, 72, 40, 2, true), (5, 120, 40, 1, true),
            (5, 120, 40, 1, true), (3, 240, 80, 2, false), (3, 200, 80, 1, false), (3, 184, 80, 1, false), (3, 184, 80, 1, false),
            (3, 480, 112, 1, true), (3, 672, 112, 1, true), (5, 672, 160, 2, true), (5, 960, 160, 1, true), (5, 960, 160, 1, true),
        }),
    };

    /// <summary>The torchvision EfficientNet or MobileNetV3 whose stem, units and head the declaration has, if any.</summary>
    public static string? Match(MobileNetModel model)
    {
        if (model.InputChannels != 3) return null;
        if (model.Style == MobileStyle.MobileNetV3)
        {
            if (model.StemChannels != 16) return null;
            var units = model.Units.Select(u => (u.Kernel, u.Expanded, u.OutChannels, u.Stride, u.HasSE));
            return MobileNetV3s.FirstOrDefault(m => m.LastChannel == model.LastChannel && m.Units.SequenceEqual(units)).Name;
        }
        if (model.Style != MobileStyle.EfficientNet) return null;
        foreach (var (name, width, depth) in EfficientNets)
        {
            if (model.StemChannels != Scaling.ScaleWidth(32, width) || model.HeadChannels != Scaling.ScaleWidth(1280, width)) continue;
            var expected = new List<(int, int, int, long, long, long, int)>();
            long inChannels = model.StemChannels;
            int stage = 0;
            foreach (Scaling.MBConvStage s in Scaling.EfficientNetB0Stages)
            {
                stage++;
                long output = Scaling.ScaleWidth(s.Output, width);
                long layers = Scaling.ScaleDepth(s.Layers, depth);
                for (int i = 0; i < layers; i++)
                {
                    long unitIn = i == 0 ? inChannels : output;
                    expected.Add((stage, i, s.Kernel, unitIn, unitIn * s.ExpandRatio, output, i == 0 ? s.Stride : 1));
                }
                inChannels = output;
            }
            if (expected.SequenceEqual(model.Units.Select(u => (u.Stage, u.Index, u.Kernel, (long)u.InChannels, (long)u.Expanded, (long)u.OutChannels, u.Stride))))
                return name;
        }
        return null;
    }

    /// <summary>The torchvision RegNetY whose stages the declaration has, if any.</summary>
    public static string? Match(RegNetModel model)
    {
        if (model.StemChannels != 32 || model.InputChannels != 3 || model.BottleneckMultiplier != 1.0) return null;
        foreach (var (name, depth, w0, slope, multiplier, groupWidth) in RegNetYs)
        {
            Scaling.RegNetStages stages = Scaling.QuantisedLinear(depth, w0, slope, multiplier, groupWidth, 1.0);
            if (stages.Depths.SequenceEqual(model.Depths) && stages.Widths.SequenceEqual(model.Widths) && stages.GroupWidths.SequenceEqual(model.GroupWidths))
                return name;
        }
        return null;
    }

    /// <summary>
    /// ARCH035 when the network has a known model's layers and a plain SE whose knobs differ from that model's. Other
    /// excitation kinds and variants are deliberate, so they are not questioned. Reported on the first differing knob.
    /// </summary>
    public static void CheckSE(string className, string? known, SEModel? declared, SEModel preset, AttributeReader? seReader,
        long parameters, Func<long> presetParameters, List<DiagnosticInfo> diagnostics)
    {
        if (known is null || declared is null || seReader is null) return;
        if (declared.Variant is not null || declared.Kind != ExcitationKind.SqueezeExcitation) return;
        var differences = Differences(declared, preset).ToList();
        if (differences.Count == 0) return;
        string knobs = string.Join(", ", differences.Select(d => $"{d.Knob} = {d.Declared} ({known}: {d.Preset})"));
        long expected = presetParameters();
        string counts = parameters == expected
            ? $"the same {parameters.ToString("N0", CultureInfo.InvariantCulture)} parameters as {known}, but another function"
            : $"{parameters.ToString("N0", CultureInfo.InvariantCulture)} parameters instead of {known}'s {expected.ToString("N0", CultureInfo.InvariantCulture)}";
        diagnostics.Add(DiagnosticInfo.Create(SEDiffersFromKnownModel, seReader.LocationOf(differences[0].Knob),
            $"'{className}' has the layers of torchvision's {known}, but its [SEBlock] differs in {knobs}: {counts}. " +
            $"Remove {(differences.Count == 1 ? "that knob" : "those knobs")} for {known}'s excitation (the family's preset), or suppress ARCH035 for a deliberate ablation"));
    }

    private static IEnumerable<(string Knob, string Declared, string Preset)> Differences(SEModel declared, SEModel preset)
    {
        static string Text(object value) => Convert.ToString(value, CultureInfo.InvariantCulture)!;
        static string Enum(string type, object value) => $"{type}.{value}";
        if (declared.ReducedChannels != preset.ReducedChannels) yield return ("ReducedChannels", Text(declared.ReducedChannels), preset.ReducedChannels == 0 ? "none" : Text(preset.ReducedChannels));
        if (declared.ReducedChannels == 0 && declared.Reduction != preset.Reduction) yield return ("Reduction", Text(declared.Reduction), Text(preset.Reduction));
        if (declared.Divisor != preset.Divisor) yield return ("Divisor", Text(declared.Divisor), preset.Divisor == 0 ? "none" : Text(preset.Divisor));
        if (declared.Divisor > 0 && declared.RoundLimit != preset.RoundLimit) yield return ("RoundLimit", Text(declared.RoundLimit), Text(preset.RoundLimit));
        if (declared.MinChannels != preset.MinChannels) yield return ("MinChannels", Text(declared.MinChannels), Text(preset.MinChannels));
        if (declared.Reference != preset.Reference) yield return ("Reference", Enum("ReferenceWidth", declared.Reference), Enum("ReferenceWidth", preset.Reference));
        if (declared.Divisor == 0 && declared.Rounding != preset.Rounding) yield return ("Rounding", Enum("Rounding", declared.Rounding), Enum("Rounding", preset.Rounding));
        if (declared.Activation != preset.Activation) yield return ("Activation", Enum("Activation", declared.Activation), Enum("Activation", preset.Activation));
        if (declared.Squeeze != preset.Squeeze) yield return ("Squeeze", Enum("Squeeze", declared.Squeeze), Enum("Squeeze", preset.Squeeze));
        if (declared.Gate != preset.Gate) yield return ("Gate", Enum("Gate", declared.Gate), Enum("Gate", preset.Gate));
        if (declared.Bias != preset.Bias) yield return ("Bias", declared.Bias ? "true" : "false", preset.Bias ? "true" : "false");
    }
}
