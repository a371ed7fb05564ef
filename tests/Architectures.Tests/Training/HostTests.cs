using System;
using System.IO;
using System.Linq;
using Architectures.CommandLine;
using Architectures.Reporting;
using Xunit;

namespace Architectures.Tests.Training;

/// <summary>The command line as a host over any program's networks: the registry, --assembly, default models.</summary>
public class HostTests
{
    private static (int Code, string Out, string Error) Run(ArchHost? host, params string[] args)
    {
        var (code, output, error) = Runtime.InProcessCli.Run(host, args);
        return (code, output, error.TrimEnd());
    }

    [Fact]
    public void TheZooRegistersItselfThroughItsModuleInitializer()
    {
        var zoo = ArchitectureRegistry.Include(typeof(Zoo.Catalog).Assembly);
        Assert.Equal(Zoo.Catalog.All.Select(a => a.Name), zoo.Select(a => a.Name));
        Assert.Same(Zoo.SEResNet50.Info, ArchitectureRegistry.Find("seresnet50"));
        Assert.Equal(10, ArchitectureRegistry.Find("SEResNet20")!.Report.Classes);
        Assert.Null(ArchitectureRegistry.Find("NoSuchNet"));
    }

    [Fact]
    public void AssemblyOptionLoadsDeclaredNetworksOrSaysWhyNot()
    {
        string zooPath = typeof(Zoo.Catalog).Assembly.Location;
        var listed = Run(null, "list", "--assembly", zooPath);
        Assert.Equal(0, listed.Code);
        Assert.Contains("SEResNeXt50_32x4d", listed.Out);

        using var scratch = TestData.Scratch();
        string missing = scratch.File("missing.dll");
        var absent = Run(null, "list", "--assembly", missing);
        Assert.Equal(CliApp.Failed, absent.Code);
        Assert.Equal($"error: {missing}: no such assembly", absent.Error);

        string text = scratch.File("notes.dll");
        File.WriteAllText(text, "not an assembly");
        var bad = Run(null, "list", "--assembly", text);
        Assert.Equal(CliApp.Failed, bad.Code);
        Assert.Equal($"error: {text}: not a .NET assembly", bad.Error);

        // An assembly without declarations (this library's own) is named as such.
        string plain = typeof(ArchitectureRegistry).Assembly.Location;
        var none = Run(null, "list", "--assembly", plain);
        Assert.Equal(CliApp.Failed, none.Code);
        Assert.Contains("declares no architectures", none.Error);
    }

    [Fact]
    public void TrainWithoutModelsTrainsTheHostsDefaults()
    {
        using var scratch = TestData.Scratch();
        var host = new ArchHost { DefaultModels = new[] { "ResNet20" } };
        var result = Run(host, "train", "--data", "sample", "--train-images", "40", "--test-images", "20", "-e", "1", "-b", "20",
            "-t", "1", "-o", scratch.File("run"));
        Assert.True(result.Code == 0, result.Error);
        Assert.Contains("ResNet20 epoch 1:", result.Out);
        Assert.DoesNotContain("SEResNet20", result.Out);
        Assert.True(File.Exists(scratch.File(Path.Combine("run", "ResNet20.ckpt"))));
    }
}
