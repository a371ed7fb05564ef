using System;

namespace Architectures.Studies;

/// <summary>
/// Declares an ablation study in the assembly that declares its networks: a base network (usually the plain one, for
/// the throughput overhead) and the variants to compare, each trained with several seeds on the same data and schedule
/// (<see cref="StudyRun"/>; <c>arch ablate NAME</c>).
/// <code>
/// [assembly: Study("squeeze", Base = typeof(ResNet20), Variants = new[] { typeof(SEResNet20), typeof(MaxSEResNet20) },
///     Labels = new[] { "average", "max" }, Table = "Table 11", PaperTop1Error = new[] { 22.28, 22.57 })]
/// </code>
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class StudyAttribute(string name) : Attribute
{
    /// <summary>The name <c>arch ablate</c> takes (case-insensitive).</summary>
    public string Name { get; } = name;

    /// <summary>The network the throughput overhead is measured against; trained with the variants, shown first.</summary>
    public Type? Base { get; set; }

    /// <summary>The declared networks to compare (partial classes with [ResNet(...)] and friends).</summary>
    public Type[] Variants { get; set; } = Array.Empty<Type>();

    /// <summary>Row labels in the paper's terms (<c>r = 8</c>, <c>max</c>), one per variant; default: the network names.</summary>
    public string[]? Labels { get; set; }

    /// <summary>The variant the others are compared with (the paper's default setting); default: the first variant.</summary>
    public Type? Reference { get; set; }

    /// <summary>The paper's table this study reproduces (<c>Table 10</c>).</summary>
    public string? Table { get; set; }

    /// <summary>One line: what is varied.</summary>
    public string? Description { get; set; }

    /// <summary>The paper's ImageNet top-1 error (%) of each variant, in <see cref="Variants"/> order, for comparison.</summary>
    public double[]? PaperTop1Error { get; set; }
}
