using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Architectures.Zoo;
using TorchSharp;
using static TorchSharp.torch;

namespace Architectures.Benchmarks;

/// <summary>
/// Native memory, which BenchmarkDotNet's MemoryDiagnoser (managed allocations only) cannot see: resident set size
/// across N training steps of SE-ResNet-20 (must stay flat: every step's temporaries are disposed), and the peak
/// resident set of one training step of ResNet-50 and SE-ResNet-50 (batch 8), read from VmHWM after resetting it
/// through /proc/self/clear_refs. Linux only. Exit code 1 when the RSS grows more than the allowed drift.
/// </summary>
public static class MemoryCheck
{
    /// <summary>
    /// Allowed RSS trend after warm-up (10 % of the steps): the least-squares slope over the sampled steps, times the
    /// number of steps. A leak grows steadily; glibc's heap trimming only makes the RSS oscillate around a level.
    /// </summary>
    private const double AllowedGrowthMiB = 16;

    private static long StatusKiB(string field)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith(field + ":", StringComparison.Ordinal)) continue;
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"{field} not in /proc/self/status");
    }

    private static double RssMiB() => StatusKiB("VmRSS") / 1024.0;

    private static double PeakMiB() => StatusKiB("VmHWM") / 1024.0;

    /// <summary>Resets VmHWM to the current RSS (Linux ≥ 4.0).</summary>
    private static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

    private static float TrainStep(nn.Module<Tensor, Tensor> model, torch.optim.Optimizer optimizer, Tensor x, Tensor y)
    {
        optimizer.zero_grad();
        using var scope = NewDisposeScope();
        Tensor loss = nn.functional.cross_entropy(model.call(x), y);
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    public static int Run(int steps)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("reads /proc/self/status");
        Console.WriteLine($"threads {torch.get_num_threads()}, malloc {BenchmarkSettings.Allocator}, {steps} steps");
        int batch = 32;
        torch.manual_seed(0);
        using var model = new SEResNet20();
        model.train();
        using var optimizer = torch.optim.SGD(model.parameters(), 0.01, momentum: 0.9);
        using var x = randn(batch, 1, 28, 28);
        using var y = randint(0, 10, new long[] { batch }, dtype: ScalarType.Int64);
        int warm = Math.Max(1, steps / 10);
        double atWarm = 0, maxStepPeak = 0;
        var samples = new System.Collections.Generic.List<(double Step, double Rss)>();
        Console.WriteLine("SE-ResNet-20 training step, batch 32, 28×28");
        Console.WriteLine("step     RSS MiB   step peak MiB");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int step = 1; step <= steps; step++)
        {
            bool report = step == 1 || step == warm || step % Math.Max(1, steps / 10) == 0;
            if (report) ResetPeak();
            TrainStep(model, optimizer, x, y);
            if (!report) continue;
            double rss = RssMiB(), peak = PeakMiB();
            if (step == warm) atWarm = rss;
            if (step >= warm)
            {
                maxStepPeak = Math.Max(maxStepPeak, peak);
                samples.Add((step, rss));
            }
            Console.WriteLine($"{step,5} {rss,10:F1} {peak,14:F1}");
        }
        double final = RssMiB();
        double meanStep = samples.Average(p => p.Step), meanRss = samples.Average(p => p.Rss);
        double slope = samples.Sum(p => (p.Step - meanStep) * (p.Rss - meanRss)) /
                       Math.Max(1e-9, samples.Sum(p => (p.Step - meanStep) * (p.Step - meanStep)));
        double trend = slope * (steps - warm);
        Console.WriteLine($"RSS after warm-up (step {warm}) {atWarm:F1} MiB, after step {steps} {final:F1} MiB " +
                          $"(min {samples.Min(p => p.Rss):F1}, max {samples.Max(p => p.Rss):F1}); least-squares trend {trend:+0.0;-0.0} MiB " +
                          $"over {steps - warm} steps (allowed {AllowedGrowthMiB} MiB); max step peak {maxStepPeak:F1} MiB; " +
                          $"{watch.Elapsed.TotalSeconds / steps * 1000:F1} ms per step");
        bool flat = trend <= AllowedGrowthMiB;

        Console.WriteLine();
        Console.WriteLine("Peak resident memory of one training step (batch 8, 224×224), above the RSS before the step:");
        foreach (var (name, create) in new (string, Func<nn.Module<Tensor, Tensor>>)[] { ("ResNet50", () => new ResNet50()), ("SEResNet50", () => new SEResNet50()) })
        {
            using var big = create();
            big.train();
            using var sgd = torch.optim.SGD(big.parameters(), 1e-3, momentum: 0.9);
            using var images = randn(8, 3, 224, 224);
            using var labels = randint(0, 1000, new long[] { 8 }, dtype: ScalarType.Int64);
            TrainStep(big, sgd, images, labels); // allocates gradients and momentum buffers
            var peaks = Enumerable.Range(0, 3).Select(_ =>
            {
                double before = RssMiB();
                ResetPeak();
                TrainStep(big, sgd, images, labels);
                return (before, peak: PeakMiB(), after: RssMiB());
            }).ToList();
            foreach (var (before, peak, after) in peaks)
                Console.WriteLine($"{name,-11} RSS before {before,8:F1} MiB  peak {peak,8:F1} MiB (+{peak - before:F1})  after {after,8:F1} MiB");
        }
        return flat ? 0 : 1;
    }
}
