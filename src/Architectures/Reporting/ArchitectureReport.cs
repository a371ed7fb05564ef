using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Architectures.Reporting;

/// <summary>One layer of a declared network, as counted at compile time (torchinfo-like).</summary>
/// <param name="Name">The module path, as in the state_dict (<c>layer1.0.se</c>).</param>
/// <param name="Kind">What the layer is (Conv2d 3×3/2, SqueezeExcitation r=16, …).</param>
/// <param name="OutputShape">Output shape for one image: channels, height, width (or features).</param>
/// <param name="Parameters">Learnable parameters of this layer alone.</param>
/// <param name="MultiplyAdds">Multiply-adds of this layer alone for one image.</param>
/// <param name="Depth">Nesting depth (0 = a direct child of the network).</param>
public sealed record LayerRow(string Name, string Kind, int[] OutputShape, long Parameters, long MultiplyAdds, int Depth);

/// <summary>The compile-time counts of a declared network; the generator emits one per architecture.</summary>
public sealed class ArchitectureReport
{
    public ArchitectureReport(string name, string description, int inputChannels, int inputSize, int classes, long parameters,
        long seParameters, long multiplyAdds, IReadOnlyList<LayerRow> layers)
    {
        Name = name;
        Description = description;
        InputChannels = inputChannels;
        InputSize = inputSize;
        Classes = classes;
        Parameters = parameters;
        SEParameters = seParameters;
        MultiplyAdds = multiplyAdds;
        Layers = layers;
    }

    public string Name { get; }
    public string Description { get; }
    public int InputChannels { get; }
    /// <summary>The input size the counts are for (the networks themselves take any size: they end in global pooling).</summary>
    public int InputSize { get; }
    /// <summary>Outputs of the classifier.</summary>
    public int Classes { get; }
    public long Parameters { get; }
    public long SEParameters { get; }
    public long MultiplyAdds { get; }
    public IReadOnlyList<LayerRow> Layers { get; }

    /// <summary>SE parameters as a share of all parameters.</summary>
    public double SEShare => Parameters == 0 ? 0 : (double)SEParameters / Parameters;

    /// <summary>One line: name, parameters, SE parameters and share, multiply-adds at the input size.</summary>
    public string Summary =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Name}  params {Parameters:N0}  SE {SEParameters:N0} ({SEShare:P1})  MACs {FormatMultiplyAdds(MultiplyAdds)} @{InputSize}");

    /// <summary>Multiply-adds in G (or M below 0.1 G), three decimals.</summary>
    public static string FormatMultiplyAdds(long macs) =>
        macs >= 100_000_000
            ? (macs / 1e9).ToString("0.000 G", CultureInfo.InvariantCulture)
            : (macs / 1e6).ToString("0.000 M", CultureInfo.InvariantCulture);

    /// <summary>A plain-text table of every layer (for logs; the CLI renders a richer one).</summary>
    public string ToTable()
    {
        var sb = new StringBuilder();
        sb.AppendLine(Summary);
        const string format = "{0,-44} {1,-30} {2,-16} {3,14} {4,16}";
        sb.AppendLine(string.Format(CultureInfo.InvariantCulture, format, "Layer", "Kind", "Output", "Params", "MACs"));
        foreach (var row in Layers)
        {
            sb.AppendLine(string.Format(CultureInfo.InvariantCulture, format,
                new string(' ', 2 * row.Depth) + row.Name, row.Kind, FormatShape(row.OutputShape),
                row.Parameters.ToString("N0", CultureInfo.InvariantCulture),
                row.MultiplyAdds.ToString("N0", CultureInfo.InvariantCulture)));
        }
        return sb.ToString();
    }

    public static string FormatShape(IEnumerable<int> shape) => "[" + string.Join(", ", shape) + "]";

    public override string ToString() => Summary;
}
