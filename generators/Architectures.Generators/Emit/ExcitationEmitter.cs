using System.Collections.Generic;
using Architectures.Generators.Counting;
using Architectures.Generators.Model;

namespace Architectures.Generators.Emit;

/// <summary>Writes excitations: the constructor call for one (resolved by <see cref="SEPlan"/>), and variant classes.</summary>
internal static class ExcitationEmitter
{
    /// <summary>The expression that builds this excitation, e.g. <c>new SqueezeExcitation(256, reducedChannels: 16)</c>.</summary>
    public static string Construct(SEPlan se)
    {
        SEModel k = se.Knobs;
        if (k.Variant is not null) return $"new {k.Variant}({se.Channels}, referenceChannels: {se.ReferenceChannels})";
        return Construct(k, se.Channels.ToString(), se.ReducedChannels.ToString(), ExcitationCounter.EcaKernel(se.Channels).ToString());
    }

    /// <summary>The constructor call with the widths as C# expressions (numbers, or a variant's formulas).</summary>
    private static string Construct(SEModel k, string channels, string reduced, string kernel)
    {
        var arguments = new List<string> { channels };
        switch (k.Kind)
        {
            case ExcitationKind.EffectiveSE:
                AddGate(k, arguments);
                if (!k.Bias) arguments.Add("bias: false");
                return $"new EffectiveSqueezeExcitation({string.Join(", ", arguments)})";
            case ExcitationKind.ECA:
            case ExcitationKind.CircularECA:
                arguments.Add($"kernelSize: {kernel}");
                if (k.Kind == ExcitationKind.CircularECA) arguments.Add("circular: true");
                AddGate(k, arguments);
                return $"new EfficientChannelAttention({string.Join(", ", arguments)})";
            case ExcitationKind.GatherExcite:
                return k.Gate != GateKind.Sigmoid ? $"new GatherExcite(Gate.{k.Gate})" : "new GatherExcite()";
            case ExcitationKind.NoSqueeze:
                arguments.Add($"reducedChannels: {reduced}");
                AddGate(k, arguments);
                if (!k.Bias) arguments.Add("bias: false");
                if (k.Activation != ActivationKind.ReLU) arguments.Add($"activation: Activation.{k.Activation}");
                return $"new NoSqueezeExcitation({string.Join(", ", arguments)})";
            case ExcitationKind.CoordinateAttention:
                arguments.Add($"reducedChannels: {reduced}");
                AddGate(k, arguments);
                if (k.Bias) arguments.Add("bias: true");
                if (k.Activation != ActivationKind.HardSwish) arguments.Add($"activation: Activation.{k.Activation}");
                return $"new CoordinateAttention({string.Join(", ", arguments)})";
            default:
                // The paper's SE, and CBAM's channel attention (both squeezes through the shared layers).
                arguments.Add($"reducedChannels: {reduced}");
                SqueezeKind squeeze = k.Kind == ExcitationKind.CbamChannel ? SqueezeKind.AverageAndMax : k.Squeeze;
                if (squeeze != SqueezeKind.Average) arguments.Add($"squeeze: Squeeze.{squeeze}");
                AddGate(k, arguments);
                if (!k.Bias) arguments.Add("bias: false");
                if (k.Activation != ActivationKind.ReLU) arguments.Add($"activation: Activation.{k.Activation}");
                return $"new SqueezeExcitation({string.Join(", ", arguments)})";
        }
    }

    private static void AddGate(SEModel k, List<string> arguments)
    {
        if (k.Gate != GateKind.Sigmoid) arguments.Add($"gate: Gate.{k.Gate}");
    }

    /// <summary>The runtime class a kind builds on (a variant derives from it, keeping its state_dict keys).</summary>
    public static string BaseClass(ExcitationKind kind) => kind switch
    {
        ExcitationKind.EffectiveSE => "EffectiveSqueezeExcitation",
        ExcitationKind.ECA or ExcitationKind.CircularECA => "EfficientChannelAttention",
        ExcitationKind.GatherExcite => "GatherExcite",
        ExcitationKind.NoSqueeze => "NoSqueezeExcitation",
        ExcitationKind.CoordinateAttention => "CoordinateAttention",
        _ => "SqueezeExcitation",
    };

    /// <summary>
    /// A variant declared with [Excitation]: a subclass of the kind's runtime module that fixes its knobs, with its
    /// width rules and parameter formula as static methods of the channel counts.
    /// </summary>
    public static string EmitVariant(ExcitationVariantModel variant)
    {
        SEModel k = variant.Knobs;
        var w = new IndentedWriter();
        ModuleWriter.WriteFileStart(w, variant);
        string baseCall = Construct(k, "channels", "HiddenChannels(referenceChannels)", "KernelSize(channels)");
        // "new Kind(arguments)" → "arguments": drop the type and exactly the one closing parenthesis of the call.
        int open = baseCall.IndexOf('(');
        string baseArguments = baseCall.Substring(open + 1, baseCall.Length - open - 2);
        w.Line("/// <summary>")
         .Line($"/// Excitation variant: {ExcitationCounter.DescribeKnobs(k with { Variant = null })}.")
         .Line("/// Build it with the channels it acts on and the width its reduction divides (often the same).")
         .Line("/// </summary>")
         .Open($"partial class {variant.Identifier} : {BaseClass(k.Kind)}")
         .Open($"public {variant.Identifier}(long channels, long referenceChannels) : base({baseArguments})")
         .Close()
         .Line()
         .Line($"public {variant.Identifier}(long channels) : this(channels, channels)")
         .Line("{")
         .Line("}")
         .Line();
        w.Line("/// <summary>The hidden width for a reference width (0 when the kind has no hidden layer).</summary>")
         .Line($"public static long HiddenChannels(long referenceChannels) => {ReducedFormula(k)};")
         .Line()
         .Line("/// <summary>Learnable parameters for these widths: the compile-time formula the network counts use.</summary>")
         .Line($"public static long ParameterCount(long channels, long referenceChannels) => {ParameterFormula(k)};");
        if (ExcitationCounter.IsEca(k.Kind))
        {
            w.Line()
             .Line("/// <summary>ECA's adaptive kernel: ⌊|log₂C + 1| / 2⌋ made odd, at least 3.</summary>")
             .Open("public static long KernelSize(long channels)")
             .Line("long t = (long)(System.Math.Abs(System.Math.Log(channels, 2) + 1) / 2);")
             .Line("return System.Math.Max(t % 2 == 1 ? t : t + 1, 3);")
             .Close();
        }
        w.Close();
        return w.ToString();
    }

    /// <summary>The hidden-width rule as C#, mirroring <see cref="ExcitationCounter.ReducedChannels"/>.</summary>
    private static string ReducedFormula(SEModel k)
    {
        if (!ExcitationCounter.HasHiddenLayer(k.Kind)) return "0";
        if (k.ReducedChannels > 0) return k.ReducedChannels.ToString();
        if (k.Divisor > 0)
        {
            int minimum = k.MinChannels > 0 ? k.MinChannels : k.Divisor;
            string value = k.Kind == ExcitationKind.CoordinateAttention
                ? $"referenceChannels * (1.0 / {k.Reduction}) * (2.0 / 3)" // timm's se_factor, in timm's order of operations
                : $"(double)referenceChannels / {k.Reduction}";
            return $"ChannelRounding.MakeDivisible({value}, {k.Divisor}, {minimum}, {ModuleWriter.Double(k.RoundLimit)})";
        }
        string rounded = k.Rounding == RoundingKind.Nearest
            ? $"(long)System.Math.Round((double)referenceChannels / {k.Reduction}, System.MidpointRounding.ToEven)"
            : $"referenceChannels / {k.Reduction}";
        return k.MinChannels > 0 ? $"System.Math.Max({rounded}, {k.MinChannels})" : rounded;
    }

    private static string ParameterFormula(SEModel k) => k.Kind switch
    {
        ExcitationKind.EffectiveSE => k.Bias ? "channels * channels + channels" : "channels * channels",
        ExcitationKind.ECA or ExcitationKind.CircularECA => "KernelSize(channels)",
        ExcitationKind.GatherExcite => "0",
        ExcitationKind.CoordinateAttention => k.Bias
            ? "3 * channels * HiddenChannels(referenceChannels) + 3 * HiddenChannels(referenceChannels) + 2 * channels"
            : "3 * channels * HiddenChannels(referenceChannels) + 2 * HiddenChannels(referenceChannels)",
        _ => k.Bias
            ? "2 * channels * HiddenChannels(referenceChannels) + HiddenChannels(referenceChannels) + channels"
            : "2 * channels * HiddenChannels(referenceChannels)",
    };
}
