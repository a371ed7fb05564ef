using System;
using System.IO;
using Architectures.Data;
using Architectures.Tests.Runtime;

namespace Architectures.Tests.Training;

/// <summary>Small data and scratch folders for the training tests.</summary>
internal static class TestData
{
    private static readonly Lazy<DatasetSplit> Sample = new(FashionMnist.LoadSample);

    /// <summary>The embedded sample, cut down to a few class-balanced images.</summary>
    public static DatasetSplit Tiny(int train = 160, int test = 50)
    {
        TorchSetup.Once();
        var sample = Sample.Value;
        return sample with { Train = sample.Train.Limit(train), Test = sample.Test.Limit(test) };
    }

    /// <summary>A fresh folder under the system temp directory, removed when disposed.</summary>
    public static ScratchFolder Scratch() => new();

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}

internal sealed class ScratchFolder : IDisposable
{
    public ScratchFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "arch-tests-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
