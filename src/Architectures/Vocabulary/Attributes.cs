using System;

// Shared vocabulary (src/Architectures/Vocabulary): compiled into the runtime and, linked, into the netstandard2.0
// source generator, which reads attribute arguments into these very types. In the generator (ARCHITECTURES_GENERATOR)
// the namespace differs, so the two copies never meet where both assemblies are referenced (the tests).
#if ARCHITECTURES_GENERATOR
namespace Architectures.Generators.Vocabulary;
#else
namespace Architectures;
#endif

/// <summary>
/// Declares a residual network (ResNet, ResNeXt) on a partial class. The Architectures source generator turns the
/// class into a TorchSharp <c>Module&lt;Tensor, Tensor&gt;</c> with timm/torchvision parameter names and compile-time
/// <c>ParameterCount</c>, <c>SEParameterCount</c> and <c>MultiplyAdds</c> constants.
/// </summary>
/// <example><code>
/// [ResNet(Block.Bottleneck, 3, 4, 6, 3)]
/// [SEBlock(Reduction = 16, Placement = SEPlacement.Standard)]
/// public partial class SEResNet50;
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ResNetAttribute : Attribute
{
    /// <param name="block">The residual unit.</param>
    /// <param name="blocksPerStage">How many units each stage has; ResNet-50 is 3, 4, 6, 3.</param>
    public ResNetAttribute(Block block, params int[] blocksPerStage)
    {
        Block = block;
        BlocksPerStage = blocksPerStage;
    }

    public Block Block { get; }
    public int[] BlocksPerStage { get; }

    /// <summary>Base width (planes) of each stage; default 64, 128, 256, … doubling per stage.
    /// The stem has the first stage's width. A bottleneck's output is 4× its planes.</summary>
    public int[]? Widths { get; set; }

    /// <summary>Channels of the input images (3 for RGB, 1 for grayscale).</summary>
    public int InputChannels { get; set; } = 3;

    /// <summary>Outputs of the classifier.</summary>
    public int Classes { get; set; } = 1000;

    /// <summary>Input height and width used to count multiply-adds and output shapes.</summary>
    public int InputSize { get; set; } = 224;

    public Stem Stem { get; set; } = Stem.ImageNet;

    /// <summary>The projection shortcut; <see cref="Shortcut.AveragePool"/> with <see cref="Stem.Deep"/> is ResNet-D.</summary>
    public Shortcut Shortcut { get; set; } = Shortcut.Convolution;

    /// <summary>Which bottleneck convolution strides (ignored by basic blocks).</summary>
    public StrideOn StrideOn { get; set; } = StrideOn.Conv3x3;

    /// <summary>Groups of the bottleneck's 3×3 convolution (ResNeXt's C); 1 for ResNet.</summary>
    public int Cardinality { get; set; } = 1;

    /// <summary>Width per group for 64 planes (ResNeXt's d); bottleneck width = planes · BaseWidth / 64 · Cardinality.</summary>
    public int BaseWidth { get; set; } = 64;
}

/// <summary>The knobs every excitation shares: which member of the SE family, its width, its non-linearities.</summary>
public abstract class ExcitationKnobsAttribute : Attribute
{
    public ExcitationKind Kind { get; set; } = ExcitationKind.SqueezeExcitation;

    /// <summary>Reduction ratio r: the hidden width is reference / r (2…32 in the paper; 16 by default).</summary>
    public int Reduction { get; set; } = 16;

    /// <summary>An explicit hidden width, instead of reference / r.</summary>
    public int ReducedChannels { get; set; }

    /// <summary>Round the hidden width to a multiple of this (timm/torchvision make_divisible); 0 = no divisor.</summary>
    public int Divisor { get; set; }

    /// <summary>With a divisor: add one more divisor when rounding lost more than 1 − RoundLimit (torchvision: 0.9).</summary>
    public double RoundLimit { get; set; } = 0.9;

    /// <summary>The smallest hidden width (default: the divisor, or 1).</summary>
    public int MinChannels { get; set; }

    /// <summary>The width the reduction divides.</summary>
    public ReferenceWidth Reference { get; set; } = ReferenceWidth.Channels;

    public Rounding Rounding { get; set; } = Rounding.Floor;

    /// <summary>δ, between the two excitation layers.</summary>
    public Activation Activation { get; set; } = Activation.ReLU;

    public Squeeze Squeeze { get; set; } = Squeeze.Average;

    public Gate Gate { get; set; } = Gate.Sigmoid;

    /// <summary>Whether the excitation layers have biases (timm and torchvision: yes; the paper's Eq. 5 counts none).</summary>
    public bool Bias { get; set; } = true;
}

/// <summary>
/// Adds Squeeze-and-Excitation blocks to a declared network. Without <see cref="Stage"/> it applies to every stage
/// (or to <see cref="Stages"/>); with <see cref="Stage"/> it overrides only the knobs it names, for that stage.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SEBlockAttribute : ExcitationKnobsAttribute
{
    public SEPlacement Placement { get; set; } = SEPlacement.Standard;

    /// <summary>The 1-based stages that get SE; all stages when not set.</summary>
    public int[]? Stages { get; set; }

    /// <summary>When set, this attribute overrides the named knobs for this 1-based stage only.</summary>
    public int Stage { get; set; }

    /// <summary>A reusable excitation declared with <see cref="ExcitationAttribute"/>; its knobs replace these.</summary>
    public Type? Variant { get; set; }
}

/// <summary>
/// Declares a reusable excitation variant on a partial class: the generator makes it a TorchSharp module with a
/// compile-time parameter formula, and any network uses it with <c>[SEBlock(Variant = typeof(MyVariant))]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ExcitationAttribute : ExcitationKnobsAttribute
{
}

/// <summary>Fails the build (ARCH040) when the declared network's parameter count is not this number.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ExpectParametersAttribute : Attribute
{
    public ExpectParametersAttribute(long parameters) => Parameters = parameters;
    public long Parameters { get; }
}

/// <summary>Fails the build (ARCH041) when the declared network's multiply-adds at its input size are not this number.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ExpectMultiplyAddsAttribute : Attribute
{
    public ExpectMultiplyAddsAttribute(long multiplyAdds) => MultiplyAdds = multiplyAdds;
    public long MultiplyAdds { get; }
}

/// <summary>
/// Marks a hand-written block: the class implements <c>private partial Tensor Branch(Tensor x)</c> with its own layers,
/// and the generator makes it a module that places the class's [SEBlock] as the built-in units do
/// (Standard, Pre, Post, Identity), counting the excitation's parameters at compile time.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class CustomBlockAttribute : Attribute
{
    /// <summary>The channels of the branch's output (and input, for a residual block): what the excitation squeezes.</summary>
    public int Channels { get; set; }

    /// <summary>Whether the block adds its input to the branch (a residual unit); otherwise it returns the branch.</summary>
    public bool Residual { get; set; } = true;
}
