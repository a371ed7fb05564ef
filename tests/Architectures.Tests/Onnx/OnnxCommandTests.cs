using System;
using System.IO;
using Architectures.CommandLine;
using Architectures.Onnx;
using Architectures.Tests.Runtime;
using Architectures.Training;
using Architectures.Zoo;
using Xunit;
using static TorchSharp.torch;

namespace Architectures.Tests.Onnx;

/// <summary><c>arch export --format onnx</c> and <c>arch forward --engine onnx</c>, in-process.</summary>
public class OnnxCommandTests
{
    private static (int Code, string Out, string Error) Run(params string[] args) => Runtime.InProcessCli.Run(args);

    [Fact]
    public void ExportWritesAnOnnxModelWithTheCheckpointsWeights()
    {
        TorchSetup.Once();
        string folder = Directory.CreateTempSubdirectory("arch-onnx-cli-").FullName;
        try
        {
            var info = Catalog.Find("SEResNet20")!;
            using var model = info.Create();
            OnnxEquivalenceTests.Randomize(model, seed: 3, side: 28);
            string checkpoint = Path.Combine(folder, "SEResNet20.ckpt");
            Checkpoint.Save(checkpoint, new CheckpointHeader { Model = "SEResNet20", Epoch = 1, Step = 10 }, model, optimizer: null);

            var result = Run("export", checkpoint, "--format", "onnx");
            Assert.True(result.Code == 0, result.Error);
            string onnx = Path.Combine(folder, "SEResNet20.onnx");
            Assert.Contains("ONNX opset 17", result.Out);

            using var input = randn(2, 1, 28, 28);
            using var expected = model.call(input);
            using var session = new OnnxInference(onnx, threads: 1);
            Assert.Equal(28, session.InputSize);
            using var actual = session.Run(input);
            double scale = expected.abs().max().item<float>();
            Assert.True((actual - expected).abs().max().item<float>() <= 1e-5 * scale);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ForwardRunsOnOnnxRuntime()
    {
        var result = Run("forward", "SEResNet20", "--engine", "onnx", "-t", "1");
        Assert.True(result.Code == 0, result.Error);
        Assert.Contains("ONNX Runtime", result.Out);
        Assert.Contains("-> output [2, 10]", result.Out);
    }

    [Fact]
    public void AnUnknownFormatIsAUsageError()
    {
        var result = Run("export", "missing.ckpt", "--format", "tflite");
        Assert.Equal(CliApp.Usage, result.Code);
        Assert.Contains("tflite", result.Error);
    }
}
