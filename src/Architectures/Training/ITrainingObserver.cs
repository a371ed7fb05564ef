using Architectures.Reporting;

namespace Architectures.Training;

/// <summary>
/// Where one model's training starts (after a resume, possibly part-way); <c>ChannelsLast</c> says whether weights and
/// batches are stored channels-last (see <see cref="TrainingOptions.MemoryFormat"/>).
/// </summary>
public sealed record ModelStart(ArchitectureInfo Architecture, int Epochs, int StepsPerEpoch, int FirstEpoch, string Device, bool ChannelsLast);

/// <summary>Running figures of the current epoch, reported after every step.</summary>
public sealed record StepProgress(string Model, int Epoch, int Epochs, int StepInEpoch, int StepsPerEpoch, long GlobalStep,
    double Loss, double Accuracy, double ImagesPerSecond, double LearningRate);

/// <summary>Receives progress from <see cref="Trainer"/>; the command line renders it (live on a terminal, lines otherwise).</summary>
public interface ITrainingObserver
{
    void ModelStarting(ModelStart start);
    void StepCompleted(StepProgress progress);
    void EpochCompleted(EpochRecord record, string checkpointPath);
    void ModelCompleted(string model, ModelHistory history);
    void Info(string message);
}
