using System.Globalization;
using Architectures.Reporting;

namespace Architectures.Data;

/// <summary>Whether data fits a declared network: input channels, image size and class count.</summary>
public static class DataCheck
{
    /// <summary>
    /// Null when <paramref name="set"/> fits <paramref name="report"/>; otherwise one sentence naming both sides, e.g.
    /// "SEResNet50 expects 3×224×224 inputs and 1000 classes; cifar10:/x has 3×32×32 images and 10 classes".
    /// </summary>
    /// <remarks>
    /// The declared InputSize is what the network is built and counted for, so images must have exactly that size
    /// (image folders are resized to it when loaded; fixed-size data such as CIFAR-10 needs a declaration of its size).
    /// </remarks>
    public static string? Mismatch(ArchitectureReport report, ImageSet set, string source)
    {
        bool fits = set.Channels == report.InputChannels && set.Rows == report.InputSize && set.Cols == report.InputSize
                    && set.Classes == report.Classes;
        if (fits) return null;
        string expects = string.Create(CultureInfo.InvariantCulture,
            $"{report.Name} expects {report.InputChannels}×{report.InputSize}×{report.InputSize} inputs and {report.Classes} classes");
        return $"{expects}; {source} has {set.Shape} images and {set.Classes} classes";
    }
}
