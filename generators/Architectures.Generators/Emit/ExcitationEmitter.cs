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
        return Construct(k, se.Channels.ToString(), se.ReducedChannels.ToString(), ExcitationKinds.EcaKernelSize(se.Channels).ToString());
    }

    /// <summary>
    /// The constructor call with the widths as C# expressions (numbers, or a variant's formulas): the arguments the
    /// kind's row says its module takes, each written only when it differs from the module's default.
    /// </summary>
    private static string Construct(SEModel k, string channels, string reduced, string kernel)
    {
        ExcitationKindInfo row = ExcitationCounter.Row(k.Kind);
        var arguments = new List<string>();
        if (row.Takes(ExcitationArguments.Channels)) arguments.Add(channels);
        if (row.Takes(ExcitationArguments.ReducedChannels)) arguments.Add($"reducedChannels: {reduced}");
        if (row.Takes(ExcitationArguments.KernelSize)) arguments.Add($"kernelSize: {kernel}");
        if (row.Takes(ExcitationArguments.Circular)) arguments.Add("circular: true");
        Squeeze squeeze = row.FixedSqueeze ?? k.Squeeze;
        if ((row.Takes(ExcitationArguments.Squeeze) || row.FixedSqueeze is not null) && squeeze != Squeeze.Average)
            arguments.Add($"squeeze: Squeeze.{squeeze}");
        if (row.Takes(ExcitationArguments.Gate) && k.Gate != Gate.Sigmoid) arguments.Add($"gate: Gate.{k.Gate}");
        if (row.Takes(ExcitationArguments.Bias) && k.Bias != row.ModuleBias) arguments.Add(k.Bias ? "bias: true" : "bias: false");
        if (row.Takes(ExcitationArguments.Activation) && k.Activation != row.ModuleActivation) arguments.Add($"activation: Activation.{k.Activation}");
        return $"new {row.RuntimeClass}({string.Join(", ", arguments)})";
    }

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
         .Line($"/// {k.Kind}: {ExcitationCounter.Row(k.Kind).Description}.")
         .Line("/// Build it with the channels it acts on and the width its reduction divides (often the same).")
         .Line("/// </summary>")
         .Open($"partial class {variant.Identifier} : {ExcitationCounter.Row(k.Kind).RuntimeClass}")
         .Open($"public {variant.Identifier}(long channels, long referenceChannels) : base({baseArguments})")
         .Close()
         .Line()
         .Line($"public {variant.Identifier}(long channels) : this(channels, channels)")
         .Line("{")
         .Line("}")
         .Line();
        // The formulas are the shared table's (Architectures.Modules.ExcitationKinds), with this variant's knobs.
        w.Line("/// <summary>This kind's row of the SE-family table: the formulas the network counts use.</summary>")
         .Line($"private static readonly ExcitationKindInfo Formulas = ExcitationKinds.Of(ExcitationKind.{k.Kind});")
         .Line();
        w.Line("/// <summary>The hidden width for a reference width (0 when the kind has no hidden layer).</summary>")
         .Line($"public static long HiddenChannels(long referenceChannels) =>")
         .Line($"    Formulas.HiddenChannels(referenceChannels, reduction: {k.Reduction}, reducedChannels: {k.ReducedChannels}, " +
               $"divisor: {k.Divisor}, roundLimit: {ModuleWriter.Double(k.RoundLimit)}, minChannels: {k.MinChannels}, rounding: Rounding.{k.Rounding});")
         .Line()
         .Line("/// <summary>Learnable parameters for these widths: the compile-time formula the network counts use.</summary>")
         .Line("public static long ParameterCount(long channels, long referenceChannels) =>")
         .Line($"    Formulas.Parameters(channels, HiddenChannels(referenceChannels), bias: {(k.Bias ? "true" : "false")});");
        if (ExcitationCounter.Row(k.Kind).Takes(ExcitationArguments.KernelSize))
        {
            w.Line()
             .Line("/// <summary>ECA's adaptive kernel: ⌊|log₂C + 1| / 2⌋ made odd, at least 3.</summary>")
             .Line("public static long KernelSize(long channels) => ExcitationKinds.EcaKernelSize(channels);");
        }
        w.Close();
        return w.ToString();
    }
}
