using Architectures.Training;
using Xunit;

namespace Architectures.Tests.Training;

public class ScheduleTests
{
    [Fact]
    public void CosineAnnealsPerStepToZero()
    {
        var s = new LearningRateSchedule(ScheduleKind.Cosine, 0.1, StepsPerEpoch: 10, Epochs: 2);
        Assert.Equal(0.1, s.At(0), 12);
        Assert.Equal(0.05, s.At(10), 12);
        Assert.Equal(0.0, s.At(20), 12);
        Assert.True(s.At(3) > s.At(4));
    }

    [Fact]
    public void StepDecaysEveryStepEpochs()
    {
        var s = new LearningRateSchedule(ScheduleKind.Step, 0.6, StepsPerEpoch: 5, Epochs: 100, StepEpochs: 30, Gamma: 0.1);
        Assert.Equal(0.6, s.At(5 * 30 - 1), 12);
        Assert.Equal(0.06, s.At(5 * 30), 12);
        Assert.Equal(0.006, s.At(5 * 60), 12);
    }
}
