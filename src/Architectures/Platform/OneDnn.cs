using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Architectures.Training;

namespace Architectures.Platform;

/// <summary>
/// Whether LibTorch may use oneDNN (MKL-DNN) kernels on the CPU. On a machine whose CPUID cache hierarchy oneDNN
/// cannot size from (<see cref="CacheTopology"/>), oneDNN's convolutions crash the process or return NaN, so this
/// turns them off before the first tensor operation and LibTorch uses its own convolution kernels (slower, same
/// results to float rounding). Decided once per process, as the assembly loads; the environment variable
/// <c>ARCHITECTURES_ONEDNN</c> overrides it: <c>on</c> keeps oneDNN whatever CPUID says, <c>off</c> turns it off.
/// </summary>
public static class OneDnn
{
    /// <summary>The environment variable that overrides the decision (<c>on</c> or <c>off</c>).</summary>
    public const string OverrideVariable = "ARCHITECTURES_ONEDNN";

    /// <summary>This machine's cache hierarchy as read at start-up.</summary>
    public static CacheTopology Topology { get; private set; } = null!;

    /// <summary>Why oneDNN was turned off, or null when it is in use.</summary>
    public static string? DisabledBecause { get; private set; }

    /// <summary>A line for program headers: which convolution kernels LibTorch uses here, and why.</summary>
    public static string Describe() => DisabledBecause is null
        ? "CPU kernels: oneDNN"
        : $"CPU kernels: LibTorch's own (oneDNN off: {DisabledBecause})";

    /// <summary>Reads the decision's inputs and applies it; runs when this assembly is first used.</summary>
    // A library module initializer (CA2255) on purpose: the switch must be set before LibTorch's first convolution,
    // and every generated network reaches this assembly before it builds a layer.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Apply()
    {
        Topology = CacheTopology.Read();
        string? request = Environment.GetEnvironmentVariable(OverrideVariable)?.Trim().ToLowerInvariant();
        try
        {
            // A third witness, read by cpuinfo rather than Xbyak: on x86 with AVX2 and FMA, NNPACK initialises unless the
            // cache hierarchy is unreadable (the failing CI machine printed "Could not initialize NNPACK! Reason:
            // Unsupported hardware"; healthy machines here, with or without /sys cache entries, do not).
            if (Topology.IsUsable && Override(request) is null && Avx2.IsSupported && Fma.IsSupported && !LibTorchContext.NnpackAvailable())
                Topology = Topology with { Problem = "NNPACK cannot initialise: cpuinfo reads no usable cache hierarchy" };
            DisabledBecause = Decide(Topology, request);
            if (DisabledBecause is null) return;
            LibTorchContext.SetMkldnnEnabled(false);
        }
        catch (Exception)
        {
            // LibTorch not loadable here: its own first use reports that, with the reason, where the user can see it.
            DisabledBecause = null;
        }
    }

    /// <summary>The rule: null to keep oneDNN, else the reason to turn it off.</summary>
    public static string? Decide(CacheTopology topology, string? request) => Override(request) switch
    {
        true => null,
        false => $"{OverrideVariable}={request}",
        null => topology.Problem,
    };

    /// <summary>What <see cref="OverrideVariable"/> asks for: true (on), false (off), or null (decide from the machine).</summary>
    private static bool? Override(string? request) => request switch
    {
        "on" or "1" or "true" => true,
        "off" or "0" or "false" => false,
        _ => null,
    };
}
