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

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    public void NoDeterminismRequestChangesNothing(string? request)
    {
        TorchSetup.Once();
        var before = LibTorchContext.Get();
        Assert.Null(DeviceSelection.ApplyDeterminismRequest(request));
        Assert.Equal(before, LibTorchContext.Get());
    }

    [Fact]
    public void AnUnknownDeterminismRequestIsAnOptionsError()
    {
        var e = Assert.Throws<OptionsException>(() => DeviceSelection.ApplyDeterminismRequest("yes"));
        Assert.Contains("ARCH_DETERMINISTIC=yes", e.Message);
    }

    [Fact]
    public void CpuNeedsNoGpu()
    {
        TorchSetup.Once();
        Assert.Equal(DeviceType.CPU, DeviceSelection.Resolve("cpu").type);
        Assert.Equal("CPU", DeviceSelection.Describe(torch.CPU));
    }
}
