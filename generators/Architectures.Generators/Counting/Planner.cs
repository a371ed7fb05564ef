using System;
using Architectures.Generators.Model;

namespace Architectures.Generators.Counting;

/// <summary>Picks the family's counter for a declared network.</summary>
internal static class Planner
{
    public static NetworkPlan Plan(ArchitectureModel model) => model switch
    {
        ResNetModel resnet => ResNetCounter.Plan(resnet),
        MobileNetModel mobile => MobileNetCounter.Plan(mobile),
        RegNetModel regnet => RegNetCounter.Plan(regnet),
        _ => throw new ArgumentException($"{model.GetType().Name} is not a network", nameof(model)),
    };
}
