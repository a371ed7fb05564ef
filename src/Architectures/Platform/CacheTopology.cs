using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.Intrinsics.X86;

namespace Architectures.Platform;

/// <summary>One CPUID query: leaf and sub-leaf in, EAX..EDX out.</summary>
public delegate (uint Eax, uint Ebx, uint Ecx, uint Edx) CpuidReader(uint leaf, uint subLeaf);

/// <summary>
/// The data-cache hierarchy as oneDNN sees it. oneDNN (inside LibTorch) reads cache sizes and the number of cores
/// sharing each level from CPUID through Xbyak, and sizes its convolution blocking from them. Some virtual machines
/// report no cache leaves or a zero core count: the kernel then has no /sys/devices/system/cpu/cpu0/cache, NNPACK says
/// "Unsupported hardware", and oneDNN's brgemm convolutions divide by zero (SIGFPE in
/// <c>brg_blocking_t::est_eff_1x1</c>), overrun their buffers (<c>free(): invalid next size</c>) or return NaN
/// gradients. This reads CPUID the way Xbyak does and says whether the hierarchy is one oneDNN can size from.
/// </summary>
public sealed record CacheTopology(string Vendor, IReadOnlyList<CacheLevel> DataLevels, uint LogicalProcessors, string? Problem)
{
    /// <summary>Whether oneDNN can size its kernels from this hierarchy.</summary>
    public bool IsUsable => Problem is null;

    /// <summary>Reads this machine's hierarchy (CPUID on x86; other architectures are not affected and report usable).</summary>
    public static CacheTopology Read()
    {
        if (!X86Base.IsSupported) return new CacheTopology("not x86", Array.Empty<CacheLevel>(), 0, null);
        var topology = FromCpuid((leaf, sub) =>
        {
            var (a, b, c, d) = X86Base.CpuId((int)leaf, (int)sub);
            return ((uint)a, (uint)b, (uint)c, (uint)d);
        });
        // The kernel fills sysfs from the same leaves; where it found none, trust that over our reading.
        const string cpu0 = "/sys/devices/system/cpu/cpu0", caches = cpu0 + "/cache";
        if (topology.IsUsable && OperatingSystem.IsLinux() && Directory.Exists(cpu0)
            && (!Directory.Exists(caches) || Directory.GetDirectories(caches, "index*").Length == 0))
            return topology with { Problem = $"the kernel lists no caches ({caches} has no index*)" };
        return topology;
    }

    /// <summary>Interprets CPUID answers as Xbyak's <c>Cpu::setCacheHierarchy</c> does (AMD and Intel).</summary>
    public static CacheTopology FromCpuid(CpuidReader cpuid)
    {
        var (maxLeaf, b0, c0, d0) = cpuid(0, 0);
        string vendor = Ascii(b0) + Ascii(d0) + Ascii(c0);
        uint maxExtended = cpuid(0x8000_0000, 0).Eax;

        // Logical processors per package, from the extended topology leaf (Xbyak's numCores_[1]).
        uint logical = 0, smt = 0;
        if (maxLeaf >= 0xB)
        {
            smt = cpuid(0xB, 0).Ebx & 0xFFFF;
            logical = cpuid(0xB, 1).Ebx & 0xFFFF;
        }

        var levels = new List<CacheLevel>();
        if (vendor == "AuthenticAMD" && maxExtended >= 0x8000_001D)
            ReadDeterministic(cpuid, 0x8000_001D, levels);
        else if (vendor == "AuthenticAMD" && maxExtended >= 0x8000_0006)
        {
            uint l1 = (cpuid(0x8000_0005, 0).Ecx >> 24) * 1024;
            var (_, _, l2Register, l3Register) = cpuid(0x8000_0006, 0);
            levels.Add(new CacheLevel(1, l1, 1));
            if (((l2Register >> 12) & 0xF) != 0) levels.Add(new CacheLevel(2, (l2Register >> 16) * 1024, 1));
            if (((l3Register >> 12) & 0xF) != 0) levels.Add(new CacheLevel(3, (l3Register >> 18) * 512 * 1024, logical));
        }
        else if (vendor == "GenuineIntel" && maxLeaf >= 4)
            ReadDeterministic(cpuid, 4, levels);
        else
            return new CacheTopology(vendor, levels, logical, null); // oneDNN falls back to its built-in guesses

        string? problem = null;
        if (maxLeaf >= 0xB && (smt == 0 || logical == 0))
            problem = $"CPUID leaf 0xB reports {smt} threads per core and {logical} logical processors";
        else if (levels.Count == 0)
            problem = "CPUID reports no data caches";
        else if (levels.Find(l => l.Bytes == 0 || l.SharedBy == 0) is { } bad)
            problem = $"CPUID reports the L{bad.Level} data cache as {bad.Bytes} bytes shared by {bad.SharedBy} processors";
        else if (levels.Count < 2)
            problem = "CPUID reports no L2 cache";
        return new CacheTopology(vendor, levels, logical, problem);
    }

    private static void ReadDeterministic(CpuidReader cpuid, uint leaf, List<CacheLevel> levels)
    {
        for (uint sub = 0; sub < 16; sub++)
        {
            var (eax, ebx, ecx, _) = cpuid(leaf, sub);
            uint type = eax & 0x1F;
            if (type == 0) break; // no more caches
            if (type == 2) continue; // instruction cache
            bool fullyAssociative = ((eax >> 9) & 1) != 0;
            ulong bytes = (ulong)((ebx >> 22) + 1) * (((ebx >> 12) & 0x3FF) + 1) * ((ebx & 0xFFF) + 1) * (fullyAssociative ? 1UL : ecx + 1UL);
            uint sharedBy = ((eax >> 14) & 0xFFF) + 1;
            levels.Add(new CacheLevel((int)((eax >> 5) & 7), bytes, sharedBy));
        }
    }

    private static string Ascii(uint register) =>
        new(new[] { (char)(register & 0xFF), (char)((register >> 8) & 0xFF), (char)((register >> 16) & 0xFF), (char)(register >> 24) });

    public override string ToString() =>
        $"{Vendor}: {string.Join(", ", DataLevels)}; {LogicalProcessors} logical processors" + (Problem is null ? "" : $" ({Problem})");
}

/// <summary>One data or unified cache level: its size and how many logical processors share one instance.</summary>
public sealed record CacheLevel(int Level, ulong Bytes, uint SharedBy)
{
    public override string ToString() => $"L{Level} {Bytes / 1024} KiB shared by {SharedBy}";
}
