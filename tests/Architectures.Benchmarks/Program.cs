using System;
using System.Collections.Generic;
using System.Linq;
using Architectures.Benchmarks;
using BenchmarkDotNet.Running;

// Usage (docs/benchmarks.md):
//   dotnet run -c Release --project tests/Architectures.Benchmarks -- [--threads N] [--smoke] [--default-malloc] [BenchmarkDotNet options]
//   dotnet run -c Release --project tests/Architectures.Benchmarks -- rss [--threads N] [--steps 1000]
//   dotnet run -c Release --project tests/Architectures.Benchmarks -- scalar-race [--steps 300000]
// Without --filter every benchmark runs. --smoke: BenchmarkDotNet's dry job and small shapes (CI, < 1 minute).
var rest = new List<string>();
bool rss = false, race = false;
int? steps = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--threads": BenchmarkSettings.Threads = PositiveNumber(args, ++i, "--threads"); break;
        case "--smoke": BenchmarkSettings.Smoke = true; break;
        case "--default-malloc": BenchmarkSettings.RetainFreedMemory = false; break;
        case "--steps": steps = PositiveNumber(args, ++i, "--steps"); break;
        case "rss": rss = true; break;
        case "scalar-race": race = true; break;
        default: rest.Add(args[i]); break;
    }
}
// The race check runs with the allocator as a user's process has it (Initialize changes glibc's settings).
if (race) return ScalarRaceCheck.Run(steps ?? 300_000);
BenchmarkSettings.Initialize();
if (rss) return MemoryCheck.Run(steps ?? 1000);
if (!rest.Contains("--filter") && !rest.Contains("-f") && !rest.Contains("--list")) rest.AddRange(new[] { "--filter", "*" });
var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchmarkSettings).Assembly).Run(rest.ToArray(), BenchmarkSettings.CreateConfig());
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;

// A bad number is a one-line error and exit code 2, not a stack trace.
static int PositiveNumber(string[] args, int index, string option)
{
    if (index < args.Length && int.TryParse(args[index], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) && value > 0)
        return value;
    Console.Error.WriteLine($"error: {option} needs a positive whole number{(index < args.Length ? $", not '{args[index]}'" : "")}");
    Environment.Exit(2);
    return 0;
}
