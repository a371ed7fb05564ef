using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Architectures.Reporting;

/// <summary>A declared architecture: its compile-time report and a factory for fresh instances.</summary>
public sealed class ArchitectureInfo
{
    public ArchitectureInfo(Type type, ArchitectureReport report, Func<nn.Module<Tensor, Tensor>> create)
    {
        Type = type;
        Report = report;
        Create = create;
    }

    public Type Type { get; }
    public string Name => Report.Name;
    public ArchitectureReport Report { get; }

    /// <summary>Builds a new, freshly initialised instance.</summary>
    public Func<nn.Module<Tensor, Tensor>> Create { get; }

    public override string ToString() => Report.Summary;
}
