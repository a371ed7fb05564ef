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
/// Declares a MobileNetV3 (torchvision layout: <c>features.N.block.M</c>, <c>classifier.0/3</c>): a 3×3/2 stem,
/// the <see cref="InvertedResidualAttribute"/> units in the order written, a 1×1 convolution to 6× the last width,
/// and a two-layer classifier. SE units use the network's <see cref="SEBlockAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MobileNetV3Attribute : Attribute
{
    public int StemChannels { get; set; } = 16;
    /// <summary>Width of the classifier's hidden layer (1024 small, 1280 large).</summary>
    public int LastChannel { get; set; } = 1280;
    public int InputChannels { get; set; } = 3;
    public int Classes { get; set; } = 1000;
    public int InputSize { get; set; } = 224;
    public double Dropout { get; set; } = 0.2;
}

/// <summary>
/// Declares a MobileNetV2 (torchvision layout: <c>features.N.conv.M</c>, <c>classifier.1</c>): a 3×3/2 stem,
/// <see cref="MBConvStageAttribute"/> stages of inverted residuals with ReLU6, a 1×1 convolution to
/// <see cref="LastChannel"/>, dropout and a classifier. With an <see cref="SEBlockAttribute"/> every unit gets it
/// after its depthwise convolution.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MobileNetV2Attribute : Attribute
{
    public int StemChannels { get; set; } = 32;
    public int LastChannel { get; set; } = 1280;
    public int InputChannels { get; set; } = 3;
    public int Classes { get; set; } = 1000;
    public int InputSize { get; set; } = 224;
    public double Dropout { get; set; } = 0.2;
}

/// <summary>One MobileNetV2/V3 inverted residual: 1×1 expansion, k×k depthwise, optional SE, 1×1 projection.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class InvertedResidualAttribute : Attribute
{
    public InvertedResidualAttribute(int kernel, int expanded, int output, int stride)
    {
        Kernel = kernel;
        Expanded = expanded;
        Output = output;
        Stride = stride;
    }

    public int Kernel { get; }
    public int Expanded { get; }
    public int Output { get; }
    public int Stride { get; }

    /// <summary>Whether this unit carries the network's SE block (after the depthwise convolution).</summary>
    public bool SE { get; set; }

    public Activation Activation { get; set; } = Activation.ReLU;
}

/// <summary>
/// Declares an EfficientNet (torchvision layout: <c>features.S.U.block.M</c>, <c>classifier.1</c>): a 3×3/2 stem,
/// <see cref="MBConvStageAttribute"/> stages in the order written (EfficientNet-B0's seven stages when none is
/// written), a 1×1 head convolution, dropout and a classifier. B1–B7 are B0 with <see cref="WidthMultiplier"/> and
/// <see cref="DepthMultiplier"/>: <c>[EfficientNet(WidthMultiplier = 1.1, DepthMultiplier = 1.2, Dropout = 0.3)]</c>
/// is torchvision's efficientnet_b2. A bare <see cref="SEBlockAttribute"/> gives torchvision's excitation
/// (block input / 4, at least 1, SiLU).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class EfficientNetAttribute : Attribute
{
    /// <summary>Stem width before <see cref="WidthMultiplier"/> scales it.</summary>
    public int StemChannels { get; set; } = 32;
    /// <summary>Head width before <see cref="WidthMultiplier"/> scales it.</summary>
    public int HeadChannels { get; set; } = 1280;

    /// <summary>
    /// Compound scaling of widths (torchvision's <c>width_mult</c>): when set, the stem, every stage's output and the
    /// head become make_divisible(channels × multiplier, 8). B0 1.0, B1 1.0, B2 1.1, B3 1.2, B4 1.4, B5 1.6, B6 1.8, B7 2.0.
    /// </summary>
    public double WidthMultiplier { get; set; } = 1.0;

    /// <summary>
    /// Compound scaling of depth (torchvision's <c>depth_mult</c>): every stage gets ⌈layers × multiplier⌉ units.
    /// B0 1.0, B1 1.1, B2 1.2, B3 1.4, B4 1.8, B5 2.2, B6 2.6, B7 3.1.
    /// </summary>
    public double DepthMultiplier { get; set; } = 1.0;

    public int InputChannels { get; set; } = 3;
    public int Classes { get; set; } = 1000;
    public int InputSize { get; set; } = 224;
    public double Dropout { get; set; } = 0.2;
    /// <summary>Stochastic depth: the drop probability grows linearly to this over the units (0 = off).</summary>
    public double StochasticDepth { get; set; } = 0.2;
    public Activation Activation { get; set; } = Activation.SiLU;
}

/// <summary>One stage of inverted residual (MBConv) units, for EfficientNet and MobileNetV2; every unit has the network's SE block, if it declares one.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MBConvStageAttribute : Attribute
{
    public MBConvStageAttribute(int expandRatio, int kernel, int stride, int output, int layers)
    {
        ExpandRatio = expandRatio;
        Kernel = kernel;
        Stride = stride;
        Output = output;
        Layers = layers;
    }

    public int ExpandRatio { get; }
    public int Kernel { get; }
    public int Stride { get; }
    public int Output { get; }
    public int Layers { get; }
}

/// <summary>
/// Declares a RegNet (torchvision layout: <c>stem</c>, <c>trunk_output.blockS.blockS-U</c>, <c>fc</c>): a 3×3/2 stem,
/// stages of residual bottleneck units with grouped 3×3 convolutions, each stage starting with stride 2.
/// RegNetY adds the network's <see cref="SEBlockAttribute"/> after the grouped convolution; a bare one is
/// torchvision's (se_ratio 0.25 of the block input, rounded to nearest).
/// The stages are either listed (depths and <see cref="Widths"/>) or generated from the paper's quantised-linear
/// parameters as torchvision's <c>BlockParams.from_init_params</c> does: regnet_y_800mf is
/// <c>[RegNet(Depth = 14, InitialWidth = 56, WidthSlope = 38.84, WidthMultiplier = 2.4, GroupWidth = 16)]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RegNetAttribute : Attribute
{
    /// <param name="depths">Units per stage (regnet_y_400mf: 1, 3, 6, 6).</param>
    public RegNetAttribute(params int[] depths) => Depths = depths;

    public int[] Depths { get; }

    /// <summary>Output width of each stage (regnet_y_400mf: 48, 104, 208, 440).</summary>
    public int[]? Widths { get; set; }

    /// <summary>Channels per group of the 3×3 convolutions.</summary>
    public int GroupWidth { get; set; } = 8;

    /// <summary>Total units (d) of a network generated from its quantised-linear parameters.</summary>
    public int Depth { get; set; }

    /// <summary>Initial width (w₀), a positive multiple of 8.</summary>
    public int InitialWidth { get; set; }

    /// <summary>Width slope (wₐ ≥ 0): unit j's continuous width is w₀ + wₐ·j.</summary>
    public double WidthSlope { get; set; }

    /// <summary>Width step in log space (wₘ &gt; 1): widths are quantised to w₀·wₘ^k, then to multiples of 8.</summary>
    public double WidthMultiplier { get; set; }

    /// <summary>Bottleneck ratio (b): the grouped convolution is round(width × b) wide (1.0 in every torchvision RegNet).</summary>
    public double BottleneckMultiplier { get; set; } = 1.0;

    public int StemChannels { get; set; } = 32;
    public int InputChannels { get; set; } = 3;
    public int Classes { get; set; } = 1000;
    public int InputSize { get; set; } = 224;
}
