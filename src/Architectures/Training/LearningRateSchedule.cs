using System;

namespace Architectures.Training;

public enum ScheduleKind
{
    /// <summary>Cosine annealing from the base rate to zero over all steps (per step, so short runs anneal too).</summary>
    Cosine,

    /// <summary>The paper's recipe: the rate is multiplied by <c>gamma</c> every <c>stepEpochs</c> epochs.</summary>
    Step,
}

/// <summary>
/// The learning rate as a closed-form function of the global step. Having no state, it resumes exactly: a checkpoint
/// only needs the step number.
/// </summary>
public sealed record LearningRateSchedule(ScheduleKind Kind, double BaseRate, int StepsPerEpoch, int Epochs,
    int StepEpochs = 30, double Gamma = 0.1)
{
    public int TotalSteps => StepsPerEpoch * Epochs;

    public double At(long step) => Kind switch
    {
        ScheduleKind.Cosine => BaseRate * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(step, TotalSteps) / TotalSteps)),
        ScheduleKind.Step => BaseRate * Math.Pow(Gamma, step / StepsPerEpoch / StepEpochs),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };
}
