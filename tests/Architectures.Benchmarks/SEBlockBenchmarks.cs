using System.Collections.Generic;
using Architectures.Modules;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Architectures.Benchmarks;

/// <summary>The output shape of each ResNet-50 stage at 224×224: channels and side.</summary>
public static class Stages
{
    public static IEnumerable<int> All => BenchmarkSettings.Smoke ? new[] { 1, 4 } : new[] { 1, 2, 3, 4 };

    public static long Channels(int stage) => 256L << (stage - 1);

    public static long Side(int stage) => (BenchmarkSettings.Smoke ? 16 : 56) >> (stage - 1);

    public static int Batch => BenchmarkSettings.Smoke ? 1 : 8;

    public static Tensor Map(int stage, long channels) => randn(Batch, channels, Side(stage), Side(stage));
}

/// <summary>
/// The SE block (module forward: s = excite(u), s·u) at each ResNet-50 stage's shape [8, C, H, W], for every
/// squeeze × gate variant; the baseline is the textbook form of the same variant (pooling module, 1×1 convolutions,
/// out-of-place activations and scaling).
/// </summary>
public class SEVariantBenchmarks
{
    private SqueezeExcitation se = null!;
    private Tensor u = null!;

    [ParamsSource(typeof(Stages), nameof(Stages.All))]
    public int Stage { get; set; }

    [Params(Squeeze.Average, Squeeze.Max)]
    public Squeeze Squeeze { get; set; }

    [Params(Gate.Sigmoid, Gate.Tanh, Gate.ReLU)]
    public Gate Gate { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkSettings.Apply();
        torch.manual_seed(0);
        long c = Stages.Channels(Stage);
        se = new SqueezeExcitation(c, reducedChannels: c / 16, squeeze: Squeeze, gate: Gate);
        se.eval();
        u = Stages.Map(Stage, c);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        se.Dispose();
        u.Dispose();
    }

    [Benchmark(Baseline = true)]
    public long Straightforward()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return TextbookSE.Scale(se, u).shape[1];
    }

    [Benchmark]
    public long Runtime()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return se.call(u).shape[1];
    }
}

/// <summary>The textbook SE block, computed from a <see cref="SqueezeExcitation"/>'s own weights.</summary>
internal static class TextbookSE
{
    private static readonly long[] One = { 1, 1 };

    public static Tensor Excite(SqueezeExcitation se, Tensor u)
    {
        var children = new Dictionary<string, nn.Module>();
        foreach (var (name, module) in se.named_children()) children[name] = module;
        var fc1 = (Conv2d)children["fc1"];
        var fc2 = (Conv2d)children["fc2"];
        Tensor z = se.SqueezeKind == Squeeze.Average ? functional.adaptive_avg_pool2d(u, One) : functional.adaptive_max_pool2d(u, One);
        Tensor logits = fc2.call(functional.relu(fc1.call(z)));
        return se.GateKind switch
        {
            Gate.Sigmoid => torch.sigmoid(logits),
            Gate.Tanh => torch.tanh(logits),
            _ => functional.relu(logits),
        };
    }

    public static Tensor Scale(SqueezeExcitation se, Tensor u) => u * Excite(se, u);
}

/// <summary>
/// The tail of a standard SE bottleneck, relu(shortcut + s·u), in successive formulations, at each stage's shape
/// [8, C, H, W] (eval, no_grad). Every variant first copies u (and the shortcut) as a unit's fresh batch-norm output
/// would be, so in-place forms are comparable: the copy is a constant cost included in every row.
/// </summary>
public class SEFormulationBenchmarks
{
    private static readonly long[] SpatialDims = { 2, 3 };
    private SqueezeExcitation se = null!;
    private Tensor uSource = null!;
    private Tensor shortcutSource = null!;

    [ParamsSource(typeof(Stages), nameof(Stages.All))]
    public int Stage { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkSettings.Apply();
        torch.manual_seed(0);
        long c = Stages.Channels(Stage);
        se = new SqueezeExcitation(c, reducedChannels: c / 16);
        se.eval();
        uSource = Stages.Map(Stage, c);
        shortcutSource = Stages.Map(Stage, c);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        se.Dispose();
        uSource.Dispose();
        shortcutSource.Dispose();
    }

    /// <summary>No SE: relu(shortcut + u) in place, the plain unit's tail (the floor of every SE variant).</summary>
    [Benchmark]
    public long PlainTail()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor u = uSource.clone();
        return u.add_(shortcutSource).relu_().shape[1];
    }

    /// <summary>Pooling module, 1×1 convolutions, out-of-place sigmoid, u·s, + shortcut, relu: all new tensors.</summary>
    [Benchmark(Baseline = true)]
    public long Straightforward()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor u = uSource.clone();
        return functional.relu(TextbookSE.Scale(se, u) + shortcutSource).shape[1];
    }

    /// <summary>The runtime excitation (mean over H, W; linear on the 1×1 weights; in-place activations), u·s, add, relu out of place.</summary>
    [Benchmark]
    public long RuntimeExcite_OutOfPlace()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor u = uSource.clone();
        return functional.relu(u * se.Excite(u) + shortcutSource).shape[1];
    }

    /// <summary>The textbook excitation (pool, 1×1 convolutions) with the scale in place: u.mul_(s).add_(shortcut).relu_().</summary>
    [Benchmark]
    public long TextbookExcite_InPlace()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor u = uSource.clone();
        return u.mul_(TextbookSE.Excite(se, u)).add_(shortcutSource).relu_().shape[1];
    }

    /// <summary>Runtime excitation, scale in place: u.mul_(s).add_(shortcut).relu_() (two passes, no allocation).</summary>
    [Benchmark]
    public long RuntimeExcite_InPlace()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor u = uSource.clone();
        return u.mul_(se.Excite(u)).add_(shortcutSource).relu_().shape[1];
    }

    /// <summary>Runtime excitation, fused: shortcut.addcmul(u, s).relu_() (one pass, new tensor): identity shortcuts.</summary>
    [Benchmark]
    public long RuntimeExcite_Addcmul()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor u = uSource.clone();
        return shortcutSource.addcmul(u, se.Excite(u), 1).relu_().shape[1];
    }

    /// <summary>Runtime excitation, fused in place into an owned shortcut: shortcut.addcmul_(u, s).relu_() (projection units).</summary>
    [Benchmark]
    public long RuntimeExcite_AddcmulInPlace()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor u = uSource.clone();
        Tensor shortcut = shortcutSource.clone();
        return shortcut.addcmul_(u, se.Excite(u), 1).relu_().shape[1] + 0 * u.shape[0];
    }
}

/// <summary>
/// A whole bottleneck unit (the second unit of each stage, identity shortcut) at each stage's input shape
/// [8, C, H, W], eval mode, no_grad, for every SE placement; baseline: the plain unit.
/// </summary>
public class PlacementBenchmarks
{
    private Bottleneck unit = null!;
    private Tensor x = null!;

    [ParamsSource(typeof(Stages), nameof(Stages.All))]
    public int Stage { get; set; }

    [Params(SEPlacement.None, SEPlacement.Standard, SEPlacement.Pre, SEPlacement.Post, SEPlacement.Identity, SEPlacement.AfterConv3x3)]
    public SEPlacement Placement { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkSettings.Apply();
        torch.manual_seed(0);
        long c = Stages.Channels(Stage), width = c / 4;
        long seChannels = Placement == SEPlacement.AfterConv3x3 ? width : c;
        var se = Placement == SEPlacement.None ? null : new SqueezeExcitation(seChannels, reducedChannels: seChannels / 16);
        unit = new Bottleneck(c, width: width, outChannels: c, se: se, placement: Placement);
        unit.eval();
        x = Stages.Map(Stage, c);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        unit.Dispose();
        x.Dispose();
    }

    [Benchmark]
    public long Unit()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return unit.call(x).shape[1];
    }
}

/// <summary>
/// A bottleneck unit (second of each stage, identity shortcut) at [8, C, H, W] in each inference form: plain vs
/// standard SE; eval mode vs folded batch norm (with the squeeze through the last 1×1) vs folded channels-last;
/// and the textbook SE unit built from the same modules.
/// </summary>
public class UnitFormBenchmarks
{
    private Bottleneck plain = null!;
    private Bottleneck se = null!;
    private Bottleneck plainFolded = null!;
    private Bottleneck seFolded = null!;
    private Bottleneck plainChannelsLast = null!;
    private Bottleneck seChannelsLast = null!;
    private Tensor x = null!;
    private Tensor xChannelsLast = null!;

    [ParamsSource(typeof(Stages), nameof(Stages.All))]
    public int Stage { get; set; }

    private Bottleneck Make(bool withSE, long seed)
    {
        torch.manual_seed(seed);
        long c = Stages.Channels(Stage), width = c / 4;
        var unit = new Bottleneck(c, width: width, outChannels: c, se: withSE ? new SqueezeExcitation(c, reducedChannels: c / 16) : null);
        unit.eval();
        return unit;
    }

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkSettings.Apply();
        plain = Make(false, 1);
        se = Make(true, 2);
        plainFolded = Make(false, 1);
        plainFolded.FoldBatchNorm();
        seFolded = Make(true, 2);
        seFolded.FoldBatchNorm();
        plainChannelsLast = Make(false, 1);
        plainChannelsLast.FoldBatchNorm(channelsLast: true);
        seChannelsLast = Make(true, 2);
        seChannelsLast.FoldBatchNorm(channelsLast: true);
        torch.manual_seed(3);
        x = Stages.Map(Stage, Stages.Channels(Stage));
        xChannelsLast = Layouts.ToChannelsLast(x);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var m in new[] { plain, se, plainFolded, seFolded, plainChannelsLast, seChannelsLast }) m.Dispose();
        x.Dispose();
        xChannelsLast.Dispose();
    }

    private static long Run(Bottleneck unit, Tensor input)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return unit.call(input).shape[1];
    }

    [Benchmark(Baseline = true)]
    public long Plain_Eval() => Run(plain, x);

    [Benchmark]
    public long SE_Eval() => Run(se, x);

    [Benchmark]
    public long SE_Textbook()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return TextbookUnit.Standard(se, x).shape[1];
    }

    [Benchmark]
    public long Plain_Folded() => Run(plainFolded, x);

    [Benchmark]
    public long SE_Folded() => Run(seFolded, x);

    [Benchmark]
    public long Plain_FoldedChannelsLast() => Run(plainChannelsLast, xChannelsLast);

    [Benchmark]
    public long SE_FoldedChannelsLast() => Run(seChannelsLast, xChannelsLast);
}

/// <summary>The textbook standard-SE bottleneck forward, from a runtime unit's own modules.</summary>
internal static class TextbookUnit
{
    public static Tensor Standard(Bottleneck unit, Tensor x)
    {
        var c = new Dictionary<string, nn.Module>();
        foreach (var (name, module) in unit.named_children()) c[name] = module;
        Tensor Call(string name, Tensor t) => ((nn.Module<Tensor, Tensor>)c[name]).call(t);
        Tensor y = functional.relu(Call("bn1", Call("conv1", x)));
        y = functional.relu(Call("bn2", Call("conv2", y)));
        Tensor u = Call("bn3", Call("conv3", y));
        return functional.relu(TextbookSE.Scale((SqueezeExcitation)c["se"], u) + x);
    }
}
