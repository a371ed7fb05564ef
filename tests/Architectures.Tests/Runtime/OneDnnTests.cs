using System;
using System.Collections.Generic;
using System.Linq;
using Architectures.Platform;
using Architectures.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Architectures.Tests.Runtime;

/// <summary>
/// The rule that turns oneDNN off where CPUID gives it no cache hierarchy to size its kernels from (it crashed the
/// suite on such a machine: SIGFPE in brgemm convolution backward, heap corruption, NaN gradients).
/// </summary>
public class CacheTopologyTests
{
    private const uint AmdVendorEbx = 0x68747541, AmdVendorEdx = 0x69746E65, AmdVendorEcx = 0x444D4163; // "AuthenticAMD"
    private const uint IntelVendorEbx = 0x756E6547, IntelVendorEdx = 0x49656E69, IntelVendorEcx = 0x6C65746E; // "GenuineIntel"

    /// <summary>CPUID as read on this project's AMD EPYC (family 25, model 17) virtual machine, 2 vCPUs.</summary>
    private static Dictionary<(uint, uint), (uint, uint, uint, uint)> EpycZen4() => new()
    {
        [(0, 0)] = (0x1C, AmdVendorEbx, AmdVendorEcx, AmdVendorEdx),
        [(0x8000_0000, 0)] = (0x8000_0021, 0, 0, 0),
        [(0xB, 0)] = (1, 1, 0x100, 0),
        [(0xB, 1)] = (1, 2, 0x201, 0),
        // L1d 32 KiB 8-way, L1i, L2 1 MiB 8-way, L3 32 MiB 16-way shared by 2.
        [(0x8000_001D, 0)] = (0x121, 0x01C0_003F, 0x3F, 0),
        [(0x8000_001D, 1)] = (0x122, 0x01C0_003F, 0x3F, 0),
        [(0x8000_001D, 2)] = (0x143, 0x01C0_003F, 0x7FF, 0),
        [(0x8000_001D, 3)] = (0x4163, 0x03C0_003F, 0x7FFF, 0),
    };

    private static CpuidReader Reader(Dictionary<(uint, uint), (uint, uint, uint, uint)> table) =>
        (leaf, sub) => table.TryGetValue((leaf, sub), out var r) ? r : (0, 0, 0, 0);

    [Fact]
    public void HealthyAmdHierarchyIsUsable()
    {
        var topology = CacheTopology.FromCpuid(Reader(EpycZen4()));
        Assert.True(topology.IsUsable, topology.ToString());
        Assert.Equal("AuthenticAMD", topology.Vendor);
        Assert.Equal(new[] { (1, 32UL * 1024, 1U), (2, 1024UL * 1024, 1U), (3, 32UL * 1024 * 1024, 2U) },
            topology.DataLevels.Select(l => (l.Level, l.Bytes, l.SharedBy)));
        Assert.Null(OneDnn.Decide(topology, null));
    }

    [Fact]
    public void AmdWithoutCacheLeavesTurnsOneDnnOff()
    {
        var table = EpycZen4();
        foreach (uint sub in new uint[] { 0, 1, 2, 3 }) table.Remove((0x8000_001D, sub));
        var topology = CacheTopology.FromCpuid(Reader(table));
        Assert.False(topology.IsUsable);
        Assert.Equal("CPUID reports no data caches", topology.Problem);
        Assert.Equal("CPUID reports no data caches", OneDnn.Decide(topology, null));
    }

    [Fact]
    public void ZeroLogicalProcessorsTurnsOneDnnOff()
    {
        // Xbyak divides each level's sharing count by min(sharing, logical processors): zero here is a zero divisor.
        var table = EpycZen4();
        table[(0xB, 1)] = (0, 0, 0, 0);
        var topology = CacheTopology.FromCpuid(Reader(table));
        Assert.Equal("CPUID leaf 0xB reports 1 threads per core and 0 logical processors", topology.Problem);
    }

    [Fact]
    public void MissingL2TurnsOneDnnOff()
    {
        var table = EpycZen4();
        table[(0x8000_001D, 2)] = (0, 0, 0, 0); // the list ends after L1
        Assert.Equal("CPUID reports no L2 cache", CacheTopology.FromCpuid(Reader(table)).Problem);
    }

    [Fact]
    public void IntelDeterministicCacheLeafIsRead()
    {
        var table = new Dictionary<(uint, uint), (uint, uint, uint, uint)>
        {
            [(0, 0)] = (0x1F, IntelVendorEbx, IntelVendorEcx, IntelVendorEdx),
            [(0x8000_0000, 0)] = (0x8000_0008, 0, 0, 0),
            [(0xB, 0)] = (1, 2, 0x100, 0),
            [(0xB, 1)] = (5, 4, 0x201, 0),
            [(4, 0)] = (0x0000_4121, 0x02C0_003F, 0x3F, 0), // L1d 48 KiB, 12-way, 2 threads
            [(4, 1)] = (0x0000_4122, 0x01C0_003F, 0x3F, 0), // L1i (skipped)
            [(4, 2)] = (0x0000_4143, 0x03C0_003F, 0x7FF, 0), // L2 2 MiB, 16-way
            [(4, 3)] = (0x0000_4163, 0x03C0_003F, 0xDFFF, 0), // L3
        };
        var topology = CacheTopology.FromCpuid(Reader(table));
        Assert.True(topology.IsUsable, topology.ToString());
        Assert.Equal(new[] { 1, 2, 3 }, topology.DataLevels.Select(l => l.Level));
        Assert.Equal(48UL * 1024, topology.DataLevels[0].Bytes);
        Assert.Equal(2UL * 1024 * 1024, topology.DataLevels[1].Bytes);
    }

    [Fact]
    public void EnvironmentOverridesTheRule()
    {
        var healthy = CacheTopology.FromCpuid(Reader(EpycZen4()));
        var broken = healthy with { Problem = "CPUID reports no data caches" };
        Assert.Equal("ARCHITECTURES_ONEDNN=off", OneDnn.Decide(healthy, "off"));
        Assert.Null(OneDnn.Decide(broken, "on"));
        Assert.Equal("CPUID reports no data caches", OneDnn.Decide(broken, "auto"));
    }

    [Fact]
    public void ThisMachineWasRead()
    {
        // Whatever it decided, the decision was made from a reading (the module initializer ran before any test).
        Assert.NotNull(OneDnn.Topology);
        string? request = Environment.GetEnvironmentVariable(OneDnn.OverrideVariable)?.Trim().ToLowerInvariant();
        Assert.Equal(OneDnn.Decide(OneDnn.Topology, request), OneDnn.DisabledBecause);
        if (OneDnn.DisabledBecause is not null) Assert.False(LibTorchContext.MkldnnEnabled());
    }
}

/// <summary>Flips LibTorch's global oneDNN switch: runs alone so no other test sees it change.</summary>
[CollectionDefinition(nameof(OneDnnSwitchCollection), DisableParallelization = true)]
public class OneDnnSwitchCollection;

[Collection(nameof(OneDnnSwitchCollection))]
public class OneDnnSwitchTests
{
    public OneDnnSwitchTests() => TorchSetup.Once();

    [Fact]
    public void LibTorchsOwnConvolutionsGiveOneDnnsResults()
    {
        bool before = LibTorchContext.MkldnnEnabled();
        try
        {
            foreach (var channelsLast in new[] { false, true })
            {
                LibTorchContext.SetMkldnnEnabled(true);
                Assert.True(LibTorchContext.MkldnnEnabled());
                var withOneDnn = ConvolutionStep(channelsLast);
                LibTorchContext.SetMkldnnEnabled(false);
                Assert.False(LibTorchContext.MkldnnEnabled());
                var without = ConvolutionStep(channelsLast);
                for (int i = 0; i < withOneDnn.Length; i++)
                {
                    double scale = withOneDnn[i].abs().max().item<float>();
                    double difference = (withOneDnn[i] - without[i]).abs().max().item<float>();
                    Assert.True(difference <= 1e-5 * scale, $"channels-last {channelsLast}, tensor {i}: {difference} vs scale {scale}");
                }
            }
        }
        finally
        {
            LibTorchContext.SetMkldnnEnabled(before);
        }
    }

    /// <summary>A 1×1 and a 3×3 convolution, forward and backward (the 1×1 backward is where oneDNN divided by zero).</summary>
    private static Tensor[] ConvolutionStep(bool channelsLast)
    {
        var generator = new torch.Generator(7);
        var input = randn(new long[] { 2, 16, 9, 9 }, generator: generator);
        var w1 = randn(new long[] { 32, 16, 1, 1 }, generator: generator) * 0.2;
        var w3 = randn(new long[] { 32, 32, 3, 3 }, generator: generator) * 0.05;
        if (channelsLast)
        {
            input = Architectures.Modules.Layouts.ToChannelsLast(input);
            w1 = Architectures.Modules.Layouts.ToChannelsLast(w1);
            w3 = Architectures.Modules.Layouts.ToChannelsLast(w3);
        }
        input.requires_grad_(); w1.requires_grad_(); w3.requires_grad_();
        var output = nn.functional.conv2d(nn.functional.conv2d(input, w1).relu(), w3, padding: new long[] { 1, 1 });
        output.square().sum().backward();
        return new[] { output.detach(), input.grad!, w1.grad!, w3.grad! };
    }
}
