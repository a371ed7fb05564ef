using Architectures.Tests.Runtime;
using Architectures.Training;
using TorchSharp;
using Xunit;

namespace Architectures.Tests.Training;

public class DeviceSelectionTests
{
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
        try
        {
            string line = DeviceSelection.ApplyDeterminism();
            Assert.Equal(new DeterminismSettings(CudnnDeterministic: true, CudnnBenchmark: false, Algorithms: true, WarnOnly: true),
                LibTorchContext.Get());
            Assert.Contains("cuDNN deterministic on, cuDNN benchmark off, deterministic algorithms on (warn only)", line);
            Assert.False(string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("CUBLAS_WORKSPACE_CONFIG")));
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
