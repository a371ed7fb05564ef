using Architectures.Training;
using Xunit;

namespace Architectures.Tests.Training;

/// <summary>The library names properties in its errors; the command line (CliTests) says the flags instead.</summary>
public class OptionsTests
{
    [Theory]
    [InlineData(nameof(TrainingOptions.Epochs), "TrainingOptions.Epochs -1: must be at least 1 (or 0: automatic)")]
    [InlineData(nameof(TrainingOptions.LearningRate), "TrainingOptions.LearningRate -1: must be a positive number")]
    [InlineData(nameof(TrainingOptions.Nesterov), "TrainingOptions.Nesterov True: needs a positive TrainingOptions.Momentum")]
    public void ValidationNamesTheProperty(string property, string message)
    {
        var options = property switch
        {
            nameof(TrainingOptions.Epochs) => new TrainingOptions { Epochs = -1 },
            nameof(TrainingOptions.LearningRate) => new TrainingOptions { LearningRate = -1 },
            _ => new TrainingOptions { Nesterov = true, Momentum = 0 },
        };
        var error = Assert.Throws<OptionsException>(options.Validate);
        Assert.Equal(message, error.Message);
        Assert.Equal(property, error.Property);
    }
}
