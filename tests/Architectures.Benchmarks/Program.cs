using System;
using System.Collections.Generic;
using System.Linq;
using Architectures.Benchmarks;
using BenchmarkDotNet.Running;

// Usage (docs/benchmarks.md):
//   dotnet run -c Release --project tests/Architectures.Benchmarks -- [--threads N] [--smoke] [--default-malloc] [BenchmarkDotNet options]
//   dotnet run -c Release --project tests/Architectures.Benchmarks -- rss [--threads N] [--steps 1000]
// Without --filter every benchmark runs. --smoke: BenchmarkDotNet's dry job and small shapes (CI, < 1 minute).
var rest = new List<string>();
bool rss = false;
int steps = 1000;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--threads": BenchmarkSettings.Threads = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--smoke": BenchmarkSettings.Smoke = true; break;
        case "--default-malloc": BenchmarkSettings.RetainFreedMemory = false; break;
        case "--steps": steps = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "rss": rss = true; break;
        default: rest.Add(args[i]); break;
    }
}
BenchmarkSettings.Initialize();
if (rss) return MemoryCheck.Run(steps);
if (!rest.Contains("--filter") && !rest.Contains("-f") && !rest.Contains("--list")) rest.AddRange(new[] { "--filter", "*" });
var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchmarkSettings).Assembly).Run(rest.ToArray(), BenchmarkSettings.CreateConfig());
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
