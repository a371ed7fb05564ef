using System;
using Architectures.Modules;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using TorchSharp;

namespace Architectures.Benchmarks;

/// <summary>Run-wide settings: LibTorch's thread count (explicit everywhere), smoke mode, and the job.</summary>
public static class BenchmarkSettings
{
    /// <summary>Intra-op threads for LibTorch. On this 2-core machine, more than the idle cores collapses timings ×4–7.</summary>
    public static int Threads { get; set; } = 2;

    /// <summary>CI smoke mode: BenchmarkDotNet's dry job (one invocation) and small shapes; checks that everything runs.</summary>
    public static bool Smoke { get; set; }

    /// <summary>
    /// Whether glibc keeps freed tensor memory (<see cref="NativeMemory.RetainFreedMemory"/>, the default here);
    /// --default-malloc measures with the C library's defaults instead.
    /// </summary>
    public static bool RetainFreedMemory { get; set; } = true;

    /// <summary>The allocator setting in effect, for the results table.</summary>
    public static string Allocator { get; private set; } = "default";

    /// <summary>Image side for the whole-network benchmarks.</summary>
    public static int ImageSize => Smoke ? 64 : 224;

    public static void Initialize()
    {
        if (Threads < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "at least one thread");
        if (RetainFreedMemory)
        {
            if (!NativeMemory.RetainFreedMemory()) throw new InvalidOperationException("mallopt failed; run with --default-malloc");
            Allocator = "retain";
        }
        // Inter-op threads must be set before any parallel work; intra-op threads again in every GlobalSetup.
        torch.set_num_interop_threads(1);
        Apply();
    }

    /// <summary>Called by every benchmark's GlobalSetup: the thread count is explicit in every benchmark.</summary>
    public static void Apply()
    {
        torch.set_num_threads(Threads);
        if (torch.get_num_threads() != Threads)
            throw new InvalidOperationException($"LibTorch runs {torch.get_num_threads()} threads, {Threads} requested");
    }

    public static IConfig CreateConfig()
    {
        Job job = Smoke
            ? Job.Dry.WithId("Smoke")
            : Job.Default.WithId("Measure").WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(10)
                .WithIterationTime(TimeInterval.FromMilliseconds(250));
        // In-process: the benchmarks use the native LibTorch of this build's output (with its GLIBCXX fix).
        job = job.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true));
        return DefaultConfig.Instance
            .AddJob(job.AsDefault())
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median)
            .AddColumn(new TagColumn("Threads", _ => Threads.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .AddColumn(new TagColumn("Malloc", _ => Allocator))
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory)
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
            .WithOptions(ConfigOptions.DisableLogFile);
    }
}
