using System.Collections.Generic;
using Architectures.Generators.Model;

namespace Architectures.Generators.Counting;

/// <summary>One row of the per-layer report: name (state_dict path), kind, output shape, parameters, multiply-adds.</summary>
/// Containers (a stage, a unit) summarise their children; leaves hold the counts.
internal sealed record LayerRow(string Name, string Kind, int[] OutputShape, long Parameters, long MultiplyAdds, int Depth,
    bool IsContainer = false);

/// <summary>The SE block of one unit, with the channels it squeezes and its hidden width already resolved.</summary>
internal sealed record SEPlan(SEModel Knobs, long Channels, long ReducedChannels, int Size);

/// <summary>One residual unit with every channel, stride and size resolved.</summary>
internal sealed record UnitPlan(
    int Stage, int Index, long InChannels, long Width, long OutChannels, int Stride, int Groups,
    bool HasProjection, SEPlan? SE, int InputSize, int OutputSize);

/// <summary>
/// Everything derived from a <see cref="NetworkModel"/>: the units, the per-layer report rows and the totals.
/// Built by <see cref="NetworkCounter"/>, the one place that knows the arithmetic; the emitter only prints it.
/// </summary>
internal sealed class NetworkPlan
{
    public NetworkPlan(NetworkModel model, int stemChannels, int stemOutputSize, IReadOnlyList<UnitPlan> units,
        IReadOnlyList<LayerRow> rows, long parameters, long seParameters, long multiplyAdds, long finalChannels)
    {
        Model = model;
        StemChannels = stemChannels;
        StemOutputSize = stemOutputSize;
        Units = units;
        Rows = rows;
        Parameters = parameters;
        SEParameters = seParameters;
        MultiplyAdds = multiplyAdds;
        FinalChannels = finalChannels;
    }

    public NetworkModel Model { get; }
    public int StemChannels { get; }
    public int StemOutputSize { get; }
    public IReadOnlyList<UnitPlan> Units { get; }
    public IReadOnlyList<LayerRow> Rows { get; }
    public long Parameters { get; }
    public long SEParameters { get; }
    public long MultiplyAdds { get; }
    public long FinalChannels { get; }
}
