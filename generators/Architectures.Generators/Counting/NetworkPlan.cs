using System;
using System.Collections.Generic;
using Architectures.Generators.Model;
// NetworkPlan is shared by every family: rows and totals for the report, the units for the ResNet emitter.

namespace Architectures.Generators.Counting;

/// <summary>One row of the per-layer report: name (state_dict path), kind, output shape, parameters, multiply-adds.</summary>
/// Containers (a stage, a unit) summarise their children; leaves hold the counts.
internal sealed record LayerRow(string Name, string Kind, int[] OutputShape, long Parameters, long MultiplyAdds, int Depth,
    bool IsContainer = false, bool IsExcitation = false);

/// <summary>The excitation of one unit: the channels it acts on, the width its reduction divides, its hidden width,
/// and the spatial size of the map it sees.</summary>
internal sealed record SEPlan(SEModel Knobs, long Channels, long ReferenceChannels, long ReducedChannels, int Size)
{
    public static SEPlan Create(SEModel knobs, long channels, long blockInput, long expanded, long blockOutput, int size)
    {
        long reference = ExcitationCounter.ReferenceChannels(knobs, channels, blockInput, expanded, blockOutput);
        return new SEPlan(knobs, channels, reference, ExcitationCounter.ReducedChannels(knobs, reference), size);
    }

    public long Parameters => ExcitationCounter.Parameters(Knobs, Channels, ReducedChannels);

    public long MultiplyAdds => ExcitationCounter.MultiplyAdds(Knobs, Channels, ReducedChannels, Size);

    public string Kind => ExcitationCounter.Describe(Knobs, Channels, ReducedChannels);
}

/// <summary>One residual unit with every channel, stride and size resolved.</summary>
internal sealed record UnitPlan(
    int Stage, int Index, long InChannels, long Width, long OutChannels, int Stride, int Groups,
    bool HasProjection, SEPlan? SE, int InputSize, int OutputSize);

/// <summary>
/// Everything derived from a declared network: the per-layer report rows and their totals, plus what the family's
/// emitter needs. Built by the family's counter — the one place that knows its arithmetic; emitters only print it.
/// </summary>
/// <remarks>
/// The parse step plans each declaration once and hands this plan down the pipeline: the module, its report and the
/// catalog are all written from it, never re-planned. It compares by its <see cref="Model"/> alone: a plan is a pure
/// function of its model (the counters read nothing else), so equal models have equal plans, and the cache needs no
/// deeper comparison. Like the model, it holds no symbols, syntax or Locations; the model's Location stays out of
/// equality.
/// </remarks>
internal sealed record NetworkPlan
{
    public NetworkPlan(ArchitectureModel model, int inputChannels, int inputSize, int classes, string description, IReadOnlyList<LayerRow> rows)
    {
        Model = model;
        InputChannels = inputChannels;
        InputSize = inputSize;
        Classes = classes;
        Description = description;
        Rows = rows;
        (Parameters, SEParameters, MultiplyAdds) = Layers.Totals(rows);
        Created?.Invoke(model);
    }

    /// <summary>
    /// Raised each time a counter plans a network. Nothing in the generator listens: tests subscribe to prove that each
    /// declaration is planned once per generator run.
    /// </summary>
    internal static event Action<ArchitectureModel>? Created;

    public ArchitectureModel Model { get; private init; }
    public string? Namespace => Model.Namespace;
    public string ClassName => Model.ClassName;
    public int InputChannels { get; }
    public int InputSize { get; }
    public int Classes { get; }
    public string Description { get; }
    public IReadOnlyList<LayerRow> Rows { get; }
    public long Parameters { get; }
    public long SEParameters { get; }
    public long MultiplyAdds { get; }

    // Residual networks: what the ResNet emitter prints.
    public int StemChannels { get; init; }
    public IReadOnlyList<UnitPlan> Units { get; init; } = new UnitPlan[0];
    public long FinalChannels { get; init; }

    // Inverted-residual and RegNet networks: their units with the excitation resolved.
    public IReadOnlyList<MobileUnitPlan> MobileUnits { get; init; } = new MobileUnitPlan[0];
    public IReadOnlyList<RegNetUnitPlan> RegNetUnits { get; init; } = new RegNetUnitPlan[0];

    /// <summary>The same plan, its model located at the declaring class (where output failures are reported).</summary>
    public NetworkPlan At(LocationInfo? location) => this with { Model = Model with { Location = location } };

    public bool Equals(NetworkPlan? other) => other is not null && Model.Equals(other.Model);

    public override int GetHashCode() => Model.GetHashCode();
}

/// <summary>An inverted residual with its spatial sizes and excitation resolved.</summary>
internal sealed record MobileUnitPlan(MobileUnitModel Unit, int InputSize, int OutputSize, SEPlan? SE, double DropProbability)
{
    public bool HasExpansion => Unit.Expanded != Unit.InChannels;
    public bool HasResidual => Unit.Stride == 1 && Unit.InChannels == Unit.OutChannels;
}

/// <summary>A RegNet residual bottleneck unit, resolved; <paramref name="Bottleneck"/> is the grouped convolution's width.</summary>
internal sealed record RegNetUnitPlan(int Stage, int Index, long InChannels, long OutChannels, long Bottleneck, long Groups, int Stride,
    bool HasProjection, SEPlan? SE, int OutputSize);
