using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using Architectures.Interop;
using Architectures.Onnx;
using Architectures.Onnx.PyTorch;
using Architectures.Reporting;
using Architectures.Tests.Runtime;
using Architectures.Zoo;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Architectures.Tests.Onnx;

/// <summary>A fact that needs Debian's python3-torch (and python3-onnx); skipped, with the reason, where it is missing.</summary>
public sealed class PythonTorchFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> Missing = new(() =>
    {
        if (!File.Exists(Python)) return $"{Python} is not installed";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Python, "-c \"import torch, onnx\"") { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode == 0 ? null : "python3-torch or python3-onnx is not installed (apt-get install python3-torch python3-onnx)";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{Python} cannot be started: {e.Message}";
        }
    });

    public PythonTorchFactAttribute()
    {
        if (Missing.Value is { } reason) Skip = reason;
    }
}

/// <summary>
/// <c>arch export --format pytorch</c>'s Python module, run by PyTorch 1.13 on the exported weights, computes what the
/// TorchSharp module computes (scripts/check_exports.py does the Python side; it also runs onnx's checker on each ONNX
/// export). By default on the small networks that cover every family and module kind the writer knows except the
/// ResNet-50 excitation variants (about a minute); with ARCH_EXPORT_CHECK_ALL=1 (scripts/check_exports.sh) on every
/// Zoo network (about 6 minutes on 2 shared cores).
/// </summary>
public class PyTorchExportTests(ITestOutputHelper output)
{
    private static readonly string[] Representative =
    {
        "SEResNet20", "ResNet20", "HardSEResNet18", "SEMobileNetV2", "MobileNetV3Small", "EfficientNetB0", "RegNetY400MF",
        "ResNet50D", "CoordAttnResNet50", // the deep stem, the pooled shortcut, coordinate attention
    };

    [PythonTorchFact]
    public void EveryZooNetworkExportsToAnEquivalentPyTorchModule()
    {
        TorchSetup.Once();
        string folder = Directory.CreateTempSubdirectory("arch-pytorch-export-").FullName;
        try
        {
            bool all = Environment.GetEnvironmentVariable("ARCH_EXPORT_CHECK_ALL") == "1";
            var manifest = Catalog.All.Where(info => all || Representative.Contains(info.Name))
                .Select(info => WriteExports(info, folder)).ToList();
            File.WriteAllText(Path.Combine(folder, "manifest.json"), JsonSerializer.Serialize(manifest));
            string script = Path.Combine(RepoRoot, "scripts", "check_exports.py");
            using var process = Process.Start(new ProcessStartInfo(PythonTorchFactAttribute.Python, $"\"{script}\" \"{folder}\"")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            string stdout = process.StandardOutput.ReadToEnd(), stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            output.WriteLine(stdout);
            output.WriteLine(stderr);
            Assert.True(process.ExitCode == 0, $"check_exports.py failed:\n{stdout}\n{stderr}");
            Assert.Contains($"{manifest.Count} of {manifest.Count} exports check out", stdout);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void TheModuleDeclaresTheNetworkWithOurKeys()
    {
        TorchSetup.Once();
        var info = Catalog.Find("SEResNet20")!;
        using var model = info.Create();
        string source = PyTorchModuleWriter.Write(model, info.Report);
        Assert.Contains("class SEResNet20(nn.Module):", source);
        Assert.Contains("self.layer2 = nn.Sequential(", source);
        Assert.Contains("downsample=nn.Sequential(", source);
        Assert.Contains("SqueezeExcitation(64, 16, squeeze=\"average\", gate=\"sigmoid\", bias=True, activation=\"relu\")", source);
        Assert.Contains("PARAMETERS = 280670", source);
    }

    private static object WriteExports(ArchitectureInfo info, string folder)
    {
        using var scope = NewDisposeScope();
        var model = info.Create();
        // 32×32 for the ImageNet networks keeps the float64 runs short (the last stage sees 1×1); small-image ones as declared.
        int side = Math.Min(info.Report.InputSize, 32);
        OnnxEquivalenceTests.Randomize(model, seed: info.Name.Length, side);
        string stem = Path.Combine(folder, info.Name);
        PyTorchModuleWriter.Export(model, info.Report, stem + ".py");
        PyTorchStateDict.Export(model, stem + ".pt");
        OnnxExporter.Export(model, info.Report, stem + ".onnx");
        var input = randn(new long[] { 2, info.Report.InputChannels, side, side }, dtype: ScalarType.Float64, generator: new torch.Generator(11));
        model.to(ScalarType.Float64);
        Tensor expected;
        using (no_grad()) expected = model.call(input);
        File.WriteAllBytes(stem + ".input", input.bytes.ToArray());
        File.WriteAllBytes(stem + ".expected", expected.contiguous().bytes.ToArray());
        return new { name = info.Name, input_shape = input.shape, output_shape = expected.shape };
    }

    private static string RepoRoot => typeof(PyTorchExportTests).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
}
