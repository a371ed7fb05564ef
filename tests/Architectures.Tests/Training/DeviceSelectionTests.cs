using System;
using System.Runtime.InteropServices;
using Architectures.Tests.Runtime;
using Architectures.Training;
using TorchSharp;
using Xunit;

namespace Architectures.Tests.Training;

/// <summary>Its tests change LibTorch's process-wide determinism switches: they run alone, not beside other tests.</summary>
[CollectionDefinition(nameof(LibTorchGlobalSettings), DisableParallelization = true)]
public sealed class LibTorchGlobalSettings;

[Collection(nameof(LibTorchGlobalSettings))]
public class DeviceSelectionTests
{
    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr getenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [Fact]
    public void CudnnSwitchesAreReachedThroughLibTorchsExports()
    {
        // Only the cuDNN switches are toggled: they change nothing on the CPU, so tests running beside this one are unaffected.
        TorchSetup.Once();
        var before = LibTorchContext.Get();
        try
        {
            LibTorchContext.Set(before with { CudnnDeterministic = true, CudnnBenchmark = true });
            Assert.Equal(before with { CudnnDeterministic = true, CudnnBenchmark = true }, LibTorchContext.Get());
            LibTorchContext.Set(before with { CudnnDeterministic = false, CudnnBenchmark = false });
            Assert.Equal(before with { CudnnDeterministic = false, CudnnBenchmark = false }, LibTorchContext.Get());
        }
        finally
        {
            LibTorchContext.Set(before);
        }
        Assert.Equal(before, LibTorchContext.Get());
    }

    [Fact]
    public void DeterminismTurnsOnTheSwitchesAndSetsTheCublasWorkspace()
    {
        TorchSetup.Once();
        var before = LibTorchContext.Get();
        string expectedWorkspace = Environment.GetEnvironmentVariable("CUBLAS_WORKSPACE_CONFIG") is { Length: > 0 } preset ? preset : ":4096:8";
        try
        {
            string line = DeviceSelection.ApplyDeterminism();
            // Deterministic, but new tensors are not NaN-filled (an extra pass per operation reproducibility does not need).
            Assert.Equal(new DeterminismSettings(CudnnDeterministic: true, CudnnBenchmark: false, Algorithms: true, WarnOnly: true,
                FillUninitializedMemory: false), LibTorchContext.Get());
            Assert.Contains("cuDNN deterministic on, cuDNN benchmark off, deterministic algorithms on (warn only)", line);
            // cuBLAS reads the C environment, not .NET's copy of it.
            Assert.Equal(expectedWorkspace, Marshal.PtrToStringUTF8(getenv("CUBLAS_WORKSPACE_CONFIG")));
        }
        finally
        {
            LibTorchContext.Set(before);
        }
    }

    [Fact]
    public void CpuNeedsNoGpu()
    {
        TorchSetup.Once();
        Assert.Equal(DeviceType.CPU, DeviceSelection.Resolve("cpu").type);
        Assert.Equal("CPU", DeviceSelection.Describe(torch.CPU));
    }
}
