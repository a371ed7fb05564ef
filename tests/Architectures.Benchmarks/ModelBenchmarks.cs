using System;
using System.Collections.Generic;
using System.Linq;
using Architectures.Modules;
using Architectures.Zoo;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TorchSharp;
using static TorchSharp.torch;

namespace Architectures.Benchmarks;

/// <summary>Shared set-up of the whole-network benchmarks: weights, and the checks that the models compute the same.</summary>
internal static class Models
{
    public static SEResNet50 SEResNet50(long seed)
    {
        torch.manual_seed(seed);
        return new SEResNet50();
    }

    public static ResNet50 ResNet50(long seed)
    {
        torch.manual_seed(seed);
        return new ResNet50();
    }

    /// <summary>A hand-written model of identical structure, with the generated model's weights (strict key match).</summary>
    public static HandWrittenSEResNet50 HandWrittenLike(SEResNet50 generated)
    {
        var model = new HandWrittenSEResNet50();
        var expected = generated.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var actual = model.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        if (!expected.SequenceEqual(actual))
            throw new InvalidOperationException("hand-written SE-ResNet-50 keys differ from the generated model's: " +
                string.Join(", ", expected.Except(actual).Concat(actual.Except(expected)).Take(8)));
        model.load_state_dict(generated.state_dict());
        return model;
    }

    /// <summary>TorchVision's resnet50 with the generated ResNet50's weights.</summary>
    public static nn.Module<Tensor, Tensor> TorchVisionLike(ResNet50 generated)
    {
        var model = torchvision.models.resnet50();
        model.load_state_dict(generated.state_dict());
        return model;
    }

    /// <summary>Fails the set-up unless both models give the same logits (eval mode) on one image.</summary>
    public static void AssertSameOutputs(nn.Module<Tensor, Tensor> expected, nn.Module<Tensor, Tensor> actual, string what)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        torch.manual_seed(7);
        Tensor x = randn(1, 3, BenchmarkSettings.ImageSize, BenchmarkSettings.ImageSize);
        Tensor a = expected.call(x), b = actual.call(x);
        double diff = (a - b).abs().max().item<float>();
        double scale = a.abs().max().item<float>();
        if (!(diff <= 1e-4 * (1 + scale))) throw new InvalidOperationException($"{what}: outputs differ by {diff} (scale {scale})");
    }
}

/// <summary>
/// Inference (eval mode, no_grad) of the generated SE-ResNet-50 vs the generated ResNet-50 (the SE overhead), vs a
/// hand-written TorchSharp SE-ResNet-50 of identical structure and TorchVision's resnet50; and the folded-BN
/// inference form of both generated networks (category Folded, its own baseline).
/// </summary>
public class InferenceBenchmarks
{
    /// <summary>The six models, built and checked once per process (BenchmarkDotNet runs GlobalSetup for every case).</summary>
    private sealed class Set
    {
        public Set()
        {
            Resnet = Models.ResNet50(1);
            Seresnet = Models.SEResNet50(2);
            HandWritten = Models.HandWrittenLike(Seresnet);
            TorchVision = Models.TorchVisionLike(Resnet);
            ResnetFolded = Models.ResNet50(1);
            SeresnetFolded = Models.SEResNet50(2);
            foreach (var m in new nn.Module[] { Resnet, Seresnet, HandWritten, TorchVision }) m.eval();
            Layers.ForInference(ResnetFolded);
            Layers.ForInference(SeresnetFolded);
            Models.AssertSameOutputs(Seresnet, HandWritten, "hand-written SE-ResNet-50");
            Models.AssertSameOutputs(Resnet, TorchVision, "TorchVision resnet50");
            Models.AssertSameOutputs(Seresnet, SeresnetFolded, "folded SE-ResNet-50");
            Models.AssertSameOutputs(Resnet, ResnetFolded, "folded ResNet-50");
        }

        public ResNet50 Resnet { get; }
        public SEResNet50 Seresnet { get; }
        public HandWrittenSEResNet50 HandWritten { get; }
        public nn.Module<Tensor, Tensor> TorchVision { get; }
        public ResNet50 ResnetFolded { get; }
        public SEResNet50 SeresnetFolded { get; }
    }

    private static Set? shared;
    private Set models = null!;
    private Tensor input = null!;

    public static IEnumerable<int> Batches => BenchmarkSettings.Smoke ? new[] { 1 } : new[] { 1, 8 };

    [ParamsSource(nameof(Batches))]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkSettings.Apply();
        models = shared ??= new Set();
        torch.manual_seed(3);
        input = randn(Batch, 3, BenchmarkSettings.ImageSize, BenchmarkSettings.ImageSize);
    }

    [GlobalCleanup]
    public void Cleanup() => input.Dispose();

    private float Infer(nn.Module<Tensor, Tensor> model)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return model.call(input).data<float>()[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Eval")]
    public float ResNet50_Generated() => Infer(models.Resnet);

    [Benchmark, BenchmarkCategory("Eval")]
    public float SEResNet50_Generated() => Infer(models.Seresnet);

    [Benchmark, BenchmarkCategory("Eval")]
    public float SEResNet50_HandWritten() => Infer(models.HandWritten);

    [Benchmark, BenchmarkCategory("Eval")]
    public float ResNet50_TorchVision() => Infer(models.TorchVision);

    [Benchmark(Baseline = true), BenchmarkCategory("Folded")]
    public float ResNet50_GeneratedFolded() => Infer(models.ResnetFolded);

    [Benchmark, BenchmarkCategory("Folded")]
    public float SEResNet50_GeneratedFolded() => Infer(models.SeresnetFolded);
}

/// <summary>
/// One SGD training step (batch 8): zero_grad, forward, cross-entropy, backward, step; NCHW, and channels-last as
/// <c>arch train</c> runs on the CPU (weights and batch stored NHWC).
/// </summary>
public class TrainingBenchmarks
{
    private sealed class Trainee
    {
        public Trainee(nn.Module<Tensor, Tensor> model)
        {
            Model = model;
            model.train();
            Optimizer = torch.optim.SGD(model.parameters(), 1e-3, momentum: 0.9);
        }

        public nn.Module<Tensor, Tensor> Model { get; }
        public torch.optim.Optimizer Optimizer { get; }
    }

    private static (Trainee Resnet, Trainee Seresnet, Trainee HandWritten, Trainee ResnetChannelsLast, Trainee SeresnetChannelsLast)? shared;
    private Trainee resnet = null!;
    private Trainee seresnet = null!;
    private Trainee handWritten = null!;
    private Trainee resnetChannelsLast = null!;
    private Trainee seresnetChannelsLast = null!;
    private Tensor input = null!;
    private Tensor inputChannelsLast = null!;
    private Tensor target = null!;

    public static int Batch => BenchmarkSettings.Smoke ? 2 : 8;

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkSettings.Apply();
        if (shared is null)
        {
            var generated = Models.SEResNet50(2);
            var resnetChannelsLastModel = Models.ResNet50(1);
            var seresnetChannelsLastModel = Models.SEResNet50(2);
            Layouts.ToChannelsLast(resnetChannelsLastModel);
            Layouts.ToChannelsLast(seresnetChannelsLastModel);
            shared = (new Trainee(Models.ResNet50(1)), new Trainee(generated), new Trainee(Models.HandWrittenLike(generated)),
                new Trainee(resnetChannelsLastModel), new Trainee(seresnetChannelsLastModel));
        }
        (resnet, seresnet, handWritten, resnetChannelsLast, seresnetChannelsLast) = shared.Value;
        torch.manual_seed(3);
        input = randn(Batch, 3, BenchmarkSettings.ImageSize, BenchmarkSettings.ImageSize);
        inputChannelsLast = Layouts.ToChannelsLast(input);
        target = randint(0, 1000, new long[] { Batch }, dtype: ScalarType.Int64);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        input.Dispose();
        inputChannelsLast.Dispose();
        target.Dispose();
    }

    private static float Step(Trainee t, Tensor input, Tensor target)
    {
        t.Optimizer.zero_grad();
        using var scope = NewDisposeScope();
        Tensor loss = nn.functional.cross_entropy(t.Model.call(input), target);
        loss.backward();
        t.Optimizer.step();
        return loss.item<float>();
    }

    [Benchmark(Baseline = true)]
    public float ResNet50_Generated() => Step(resnet, input, target);

    [Benchmark]
    public float SEResNet50_Generated() => Step(seresnet, input, target);

    [Benchmark]
    public float SEResNet50_HandWritten() => Step(handWritten, input, target);

    [Benchmark]
    public float ResNet50_ChannelsLast() => Step(resnetChannelsLast, inputChannelsLast, target);

    [Benchmark]
    public float SEResNet50_ChannelsLast() => Step(seresnetChannelsLast, inputChannelsLast, target);
}
