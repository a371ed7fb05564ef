using System;
using System.Runtime.InteropServices;

namespace Architectures.Modules;

/// <summary>
/// LibTorch allocates CPU tensors with the C library's malloc. With glibc's defaults, a freed block of a few MiB to
/// 32 MiB (a ResNet-50 feature map at batch 8) is handed back to the kernel (mmap threshold, heap trimming) and the
/// next forward pays a page fault per 4 KiB to get it again. Measured on this project's 2-vCPU machine (1 thread):
/// SE-ResNet-50 inference at batch 8 went from 866 ms to 797 ms (docs/benchmarks.md).
/// </summary>
public static class NativeMemory
{
    private const int M_TRIM_THRESHOLD = -1;
    private const int M_MMAP_THRESHOLD = -3;

    /// <summary>glibc's largest allowed mmap threshold on 64-bit systems: blocks up to it come from the heap.</summary>
    public const int MmapThreshold = 32 * 1024 * 1024;

    /// <summary>Freed memory at the top of the heap is kept up to this size instead of being trimmed.</summary>
    public const int TrimThreshold = int.MaxValue;

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);

    /// <summary>
    /// Makes glibc keep freed tensor memory for reuse: the same as starting the process with
    /// <c>MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=2147483647</c>. The resident set then stays at the
    /// peak of a step instead of shrinking between steps. Returns false where it does not apply (not Linux/glibc).
    /// Call once at start-up, before the first tensor.
    /// </summary>
    public static bool RetainFreedMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return Mallopt(M_MMAP_THRESHOLD, MmapThreshold) == 1 && Mallopt(M_TRIM_THRESHOLD, TrimThreshold) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
