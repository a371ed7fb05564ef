using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Architectures.Onnx;
using Architectures.Reporting;
using Architectures.Tests.Runtime;
using Architectures.Zoo;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Architectures.Tests.Onnx;

/// <summary>Every Zoo network exported to ONNX and run in ONNX Runtime computes what its TorchSharp module computes.</summary>
public class OnnxEquivalenceTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Architectures => Catalog.All.Select(a => new object[] { a.Name });

    /// <remarks>
    /// Both paths compute in float32, in different orders, and the export folds each batch norm into its convolution
    /// (rounded once to float32), so they cannot agree bit for bit. With realistic batch norms (statistics measured on
    /// data, see <see cref="Randomize"/>) TorchSharp's own float32 forward is 1e-5 to 3e-4 of the logits' scale away from
    /// the exact (float64) result on the deep ResNets here, so a flat 1e-5 between the two float32 paths would fail
    /// for reasons that have nothing to do with the export. The reference is therefore the TorchSharp module run in
    /// float64: ONNX Runtime's error against it must be within 1e-5 of the logits' scale (max |logit|), or, where
    /// TorchSharp's own float32 error is already larger, no worse than 4× that error (measured: ONNX Runtime's error is
    /// smaller than TorchSharp's on most networks, at most 2× it where both are far below 1e-5 of the scale). A wrong graph (a missing ReLU, a misplaced SE, an unfolded
    /// statistic) is off by a large fraction of the scale, far outside either bound.
    /// </remarks>
    [Theory]
    [MemberData(nameof(Architectures))]
    public void OnnxRuntimeMatchesTheTorchSharpModule(string name)
    {
        TorchSetup.Once();
        ArchitectureInfo info = Catalog.Find(name)!;
        using var scope = NewDisposeScope();
        var model = info.Create();
        // Small inputs keep the suite fast: 64×64 for the ImageNet networks (five stride-2 steps leave 2×2), the
        // declared size for small-image networks.
        int side = Math.Min(info.Report.InputSize, 64);
        Randomize(model, seed: name.Length, side);
        var generator = new torch.Generator(17);
        var input = randn(new long[] { 3, info.Report.InputChannels, side, side }, generator: generator);

        string path = Path.Combine(Path.GetTempPath(), $"arch-onnx-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxExporter.Export(model, info.Report, path);
            Tensor torch32, onnx32, reference;
            using (no_grad())
            {
                torch32 = model.call(input);
                using (var session = new OnnxInference(path, threads: 1)) onnx32 = session.Run(input);
                model.to(ScalarType.Float64);
                reference = model.call(input.to(ScalarType.Float64));
            }
            Assert.Equal(torch32.shape, onnx32.shape);
            double scale = reference.abs().max().item<double>();
            double onnxError = (onnx32.to(ScalarType.Float64) - reference).abs().max().item<double>();
            double torchError = (torch32.to(ScalarType.Float64) - reference).abs().max().item<double>();
            double bound = Math.Max(1e-5 * scale, 4 * torchError);
            output.WriteLine($"{name} @{side}: max|logit| {scale:G4}; error vs float64: ONNX Runtime {onnxError:G3} ({onnxError / scale:G3} of scale), TorchSharp {torchError:G3} ({torchError / scale:G3}); bound {bound:G3}");
            Assert.True(scale > 1e-3, $"{name}: the logits are all near zero (max {scale}), the comparison would say nothing");
            Assert.True(onnxError <= bound,
                $"{name}: ONNX Runtime differs from the float64 module by {onnxError:G3} (scale {scale:G3}), more than {bound:G3}; TorchSharp float32 differs by {torchError:G3}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheBatchDimensionIsDynamic()
    {
        TorchSetup.Once();
        var info = Catalog.Find("SEResNet20")!;
        using var model = info.Create();
        model.eval();
        string path = Path.Combine(Path.GetTempPath(), $"arch-onnx-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxExporter.Export(model, info.Report, path);
            using var session = new OnnxInference(path, threads: 1);
            foreach (long batch in new long[] { 1, 5 })
            {
                using var input = randn(batch, 1, 28, 28);
                using var logits = session.Run(input);
                Assert.Equal(new[] { batch, 10L }, logits.shape);
            }
            var model2 = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
            Assert.Equal(OnnxExporter.Opset, model2.OpsetImport.Single().Version);
            Assert.Equal(new[] { "batch", "", "height", "width" }, model2.Graph.Input.Single().Type.TensorType.Shape.Dim.Select(d => d.DimParam));
            // Folded: no BatchNormalization node is left.
            Assert.DoesNotContain(model2.Graph.Node, n => n.OpType == "BatchNormalization");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ACustomBlockIsRefusedWithAReason()
    {
        TorchSetup.Once();
        using var block = new TwoConvBlock();
        var report = new ArchitectureReport("TwoConvBlock", "custom", 64, 8, 64, 0, 0, 0, Array.Empty<LayerRow>());
        var error = Assert.Throws<OnnxExportException>(() => OnnxExporter.Build(block, report));
        Assert.Contains("TwoConvBlock is a [CustomBlock]", error.Message);
        Assert.Contains("Branch", error.Message);
    }

    /// <summary>
    /// Gives every batch norm random affine parameters and running statistics measured on a random batch (a momentum-1
    /// pass in training mode), as a trained network has: folding is exercised (the statistics are far from 0 and 1), and
    /// the network stays well conditioned (random statistics alone make a deep ResNet's logits explode to ~1e5, where
    /// float32 itself loses every digit).
    /// </summary>
    internal static void Randomize(nn.Module<Tensor, Tensor> model, int seed, int side)
    {
        var generator = new torch.Generator((ulong)seed);
        var norms = model.named_modules().Select(m => m.module).OfType<BatchNorm>().ToList();
        using (no_grad())
        {
            foreach (var bn in norms)
            {
                long c = bn.running_mean!.shape[0];
                bn.weight!.copy_(rand(new long[] { c }, generator: generator) + 0.5);
                bn.bias!.copy_(randn(new long[] { c }, generator: generator) * 0.1);
                bn.momentum = 1;
            }
            model.train();
            using var batch = randn(new long[] { 4, model.named_modules().Select(m => m.module).OfType<Conv2d>().First().weight!.shape[1], side, side }, generator: generator);
            using var _ = model.call(batch);
            foreach (var bn in norms) bn.momentum = 0.1;
        }
        model.eval();
    }
}
