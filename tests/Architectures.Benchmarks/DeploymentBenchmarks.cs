using System;
using System.Collections.Generic;
using System.IO;
using Architectures.Modules;
using Architectures.Onnx;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TorchSharp;
using static TorchSharp.torch;

namespace Architectures.Benchmarks;

/// <summary>
/// Inference paths for deployment, ResNet-50 and SE-ResNet-50 at 224×224: the generated TorchSharp module in eval mode,
/// with batch norm folded, folded and channels-last, and ONNX Runtime 1.32 on our ONNX export of the same weights
/// (intra-op threads = --threads, as LibTorch's). The category's baseline is the eval module.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
public class DeploymentBenchmarks
{
    private sealed class Paths : IDisposable
    {
        public Paths(Func<nn.Module<Tensor, Tensor>> create, Architectures.Reporting.ArchitectureReport report)
        {
            Eval = create();
            Eval.eval();
            Folded = create();
            Folded.load_state_dict(Eval.state_dict());
            Layers.ForInference(Folded);
            FoldedChannelsLast = create();
            FoldedChannelsLast.load_state_dict(Eval.state_dict());
            Layouts.ToChannelsLast(FoldedChannelsLast);
            Layers.ForInference(FoldedChannelsLast, channelsLast: true);
            OnnxPath = Path.Combine(Path.GetTempPath(), $"arch-bench-{report.Name}-{Guid.NewGuid():N}.onnx");
            OnnxExporter.Export(Eval, report, OnnxPath);
            Onnx = new OnnxInference(OnnxPath, BenchmarkSettings.Threads);
            Models.AssertSameOutputs(Eval, Folded, $"folded {report.Name}");
            Models.AssertSameOutputs(Eval, FoldedChannelsLast, $"folded channels-last {report.Name}");
            AssertOnnxMatches(report.Name);
        }

        public nn.Module<Tensor, Tensor> Eval { get; }
        public nn.Module<Tensor, Tensor> Folded { get; }
        public nn.Module<Tensor, Tensor> FoldedChannelsLast { get; }
        public OnnxInference Onnx { get; }
        private string OnnxPath { get; }

        private void AssertOnnxMatches(string name)
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            torch.manual_seed(7);
            Tensor x = randn(1, 3, BenchmarkSettings.ImageSize, BenchmarkSettings.ImageSize);
            Tensor a = Eval.call(x), b = Onnx.Run(x);
            double diff = (a - b).abs().max().item<float>(), scale = a.abs().max().item<float>();
            if (!(diff <= 1e-4 * (1 + scale))) throw new InvalidOperationException($"ONNX {name}: outputs differ by {diff} (scale {scale})");
        }

        public void Dispose()
        {
            Onnx.Dispose();
            File.Delete(OnnxPath);
        }
    }

    private static (Paths Resnet, Paths Seresnet)? shared;
    private Paths resnet = null!;
    private Paths seresnet = null!;
    private Tensor input = null!;
    private Tensor inputChannelsLast = null!;
    private float[] inputValues = null!;

    public static IEnumerable<int> Batches => BenchmarkSettings.Smoke ? new[] { 1 } : new[] { 1, 8 };

    [ParamsSource(nameof(Batches))]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkSettings.Apply();
        shared ??= (new Paths(() => Models.ResNet50(1), Zoo.ResNet50.Info.Report), new Paths(() => Models.SEResNet50(2), Zoo.SEResNet50.Info.Report));
        (resnet, seresnet) = shared.Value;
        torch.manual_seed(3);
        input = randn(Batch, 3, BenchmarkSettings.ImageSize, BenchmarkSettings.ImageSize);
        inputChannelsLast = Layouts.ToChannelsLast(input);
        inputValues = input.data<float>().ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        input.Dispose();
        inputChannelsLast.Dispose();
    }

    private static float Infer(nn.Module<Tensor, Tensor> model, Tensor x)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return model.call(x).data<float>()[0];
    }

    private float Onnx(OnnxInference session)
    {
        int side = BenchmarkSettings.ImageSize;
        return session.Run(inputValues, Batch, 3, side, side).Values[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory("ResNet50")]
    public float ResNet50_Eval() => Infer(resnet.Eval, input);

    [Benchmark, BenchmarkCategory("ResNet50")]
    public float ResNet50_Folded() => Infer(resnet.Folded, input);

    [Benchmark, BenchmarkCategory("ResNet50")]
    public float ResNet50_FoldedChannelsLast() => Infer(resnet.FoldedChannelsLast, inputChannelsLast);

    [Benchmark, BenchmarkCategory("ResNet50")]
    public float ResNet50_OnnxRuntime() => Onnx(resnet.Onnx);

    [Benchmark(Baseline = true), BenchmarkCategory("SEResNet50")]
    public float SEResNet50_Eval() => Infer(seresnet.Eval, input);

    [Benchmark, BenchmarkCategory("SEResNet50")]
    public float SEResNet50_Folded() => Infer(seresnet.Folded, input);

    [Benchmark, BenchmarkCategory("SEResNet50")]
    public float SEResNet50_FoldedChannelsLast() => Infer(seresnet.FoldedChannelsLast, inputChannelsLast);

    [Benchmark, BenchmarkCategory("SEResNet50")]
    public float SEResNet50_OnnxRuntime() => Onnx(seresnet.Onnx);
}

/// <summary>
/// The machine's fp32 matrix-multiply rate through LibTorch (its BLAS/oneDNN GEMM), square 2048² operands: the roof
/// the deployment paths are compared with (2·n³ floating-point operations per call).
/// </summary>
public class GemmBenchmarks
{
    private Tensor a = null!;
    private Tensor b = null!;

    public static int N => BenchmarkSettings.Smoke ? 256 : 2048;

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkSettings.Apply();
        torch.manual_seed(5);
        a = randn(N, N);
        b = randn(N, N);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        a.Dispose();
        b.Dispose();
    }

    /// <summary>One 2048² × 2048² product (17.18 GFLOP; the 16 MiB result's allocation is ~1 % of the time).</summary>
    [Benchmark]
    public float MatMul2048()
    {
        using var c = torch.mm(a, b);
        return 0;
    }
}
