using System;
using Architectures.Modules;
using Architectures.Testing;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Architectures.Benchmarks;

/// <summary>
/// TorchSharp's temporary-scalar race (README: "TorchSharp's temporary scalars"), measured. Each case runs N steps while
/// another thread allocates, forces collections and drops scalars for the finalizer: TorchSharp's own
/// <c>counter.add_(1)</c> on an int64 tensor (the bare race), a training-mode forward of TorchSharp's BatchNorm2d (which
/// does that add), and the same with <see cref="SafeBatchNorm2d"/>. It reports the failed steps and lost counts. The
/// race is a matter of timing, so TorchSharp's figures vary from run to run; SafeBatchNorm2d must lose nothing: exit
/// code 1 otherwise.
/// </summary>
public static class ScalarRaceCheck
{
    public static int Run(int steps)
    {
        torch.set_num_threads(1);
        Console.WriteLine($"{steps:N0} steps per case, a second thread collecting garbage ({Environment.ProcessorCount} cores):");

        using (var counter = zeros(Array.Empty<long>(), ScalarType.Int64))
            Report("TorchSharp counter.add_(1)", Stress(() => counter.add_(1), steps), counter.item<long>(), steps);

        using (var norm = nn.BatchNorm2d(4))
            Report("TorchSharp BatchNorm2d", Stress(Forward(norm), steps), norm.num_batches_tracked!.item<long>(), steps);

        using var safe = new SafeBatchNorm2d(4);
        var (failures, first) = Stress(Forward(safe), steps);
        long counted = safe.num_batches_tracked!.item<long>();
        Report("SafeBatchNorm2d", (failures, first), counted, steps);
        return failures == 0 && counted == steps ? 0 : 1;
    }

    private static Action Forward(BatchNorm norm)
    {
        var input = randn(2, 4, 3, 3);
        return () =>
        {
            using var y = norm.call(input);
        };
    }

    private static void Report(string name, (int Count, string? First) failures, long counted, int steps) =>
        Console.WriteLine($"  {name,-27} {failures.Count,6:N0} failed, {steps - counted,6:N0} counts lost"
                          + (failures.First is { } first ? $"; first error: {first}" : ""));

    private static (int Count, string? First) Stress(Action step, int steps)
    {
        using var load = new CollectingThread();
        int failures = 0;
        string? first = null;
        for (int i = 0; i < steps; i++)
        {
            try
            {
                step();
            }
            catch (Exception e)
            {
                failures++;
                first ??= e.Message.Split('\n')[0];
            }
        }
        return (failures, first);
    }
}
