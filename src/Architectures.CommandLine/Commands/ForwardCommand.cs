using System;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Architectures.Onnx;
using Architectures.Training;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace Architectures.CommandLine.Commands;

/// <summary><c>arch forward NAME</c>: one inference pass on a random batch, to check shapes and see the speed.</summary>
public static class ForwardCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "Architecture name (see `arch list`)" };
        var batch = new Option<int>("--batch-size", "-b") { Description = "Images in the random batch", DefaultValueFactory = _ => 2 };
        var size = new Option<int>("--size") { Description = "Image side in pixels; 0 = the declared input size" };
        var threads = new Option<int>("--threads", "-t") { Description = "LibTorch threads; 0 = one per core" };
        var engine = new Option<string>("--engine", "-e")
        {
            Description = "torch (the TorchSharp module) or onnx (the network exported to ONNX, run by ONNX Runtime)",
            DefaultValueFactory = _ => "torch",
        };
        engine.AcceptOnlyFromAmong("torch", "onnx");
        var command = new Command("forward", "Run one forward pass (eval mode) on a random batch; print the output shape and time")
        {
            name, batch, size, threads, engine,
        };
        command.SetAction(parse =>
        {
            var architecture = ArchitectureLookup.Find(parse.GetValue(name)!);
            int batchSize = parse.GetValue(batch), side = parse.GetValue(size), threadCount = parse.GetValue(threads);
            if (batchSize < 1) throw new OptionsException($"--batch-size {batchSize}: must be at least 1");
            if (side < 0) throw new OptionsException($"--size {side}: must be zero (declared size) or positive");
            if (threadCount < 0) throw new OptionsException($"--threads {threadCount}: must be zero (one per core) or positive");
            torch.set_num_threads(threadCount > 0 ? threadCount : Environment.ProcessorCount);
            var report = architecture.Report;
            if (side == 0) side = report.InputSize;

            using var model = architecture.Create();
            model.eval();
            using var noGrad = no_grad();
            using var input = randn(batchSize, report.InputChannels, side, side);
            if (parse.GetValue(engine) == "onnx")
            {
                OnnxForward(context, model, report, input, threadCount > 0 ? threadCount : Environment.ProcessorCount);
                return CliApp.Ok;
            }
            // The first call pays for LibTorch's lazy initialisation; the second is the steady-state time.
            var first = Stopwatch.StartNew();
            using (var warm = model.call(input)) { }
            first.Stop();
            var timer = Stopwatch.StartNew();
            using var output = model.call(input);
            timer.Stop();
            context.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{report.Name}: input [{batchSize}, {report.InputChannels}, {side}, {side}] -> output [{string.Join(", ", output.shape)}] " +
                $"in {timer.Elapsed.TotalMilliseconds:F1} ms (first call {first.Elapsed.TotalMilliseconds:F1} ms) on {torch.get_num_threads()} threads")));
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>Exports the network to a temporary ONNX file and times ONNX Runtime on the same batch.</summary>
    private static void OnnxForward(CliContext context, nn.Module<Tensor, Tensor> model, Architectures.Reporting.ArchitectureReport report, Tensor input, int threads)
    {
        string path = Path.Combine(Path.GetTempPath(), $"arch-forward-{Guid.NewGuid():N}.onnx");
        try
        {
            try
            {
                OnnxExporter.Export(model, report, path);
            }
            catch (OnnxExportException e)
            {
                throw new OptionsException($"--engine onnx: {e.Message}");
            }
            using var session = new OnnxInference(path, threads);
            var first = Stopwatch.StartNew();
            using (var warm = session.Run(input)) { }
            first.Stop();
            var timer = Stopwatch.StartNew();
            using var output = session.Run(input);
            timer.Stop();
            context.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{report.Name} (ONNX Runtime, opset {OnnxExporter.Opset}): input [{string.Join(", ", input.shape)}] -> output [{string.Join(", ", output.shape)}] " +
                $"in {timer.Elapsed.TotalMilliseconds:F1} ms (first call {first.Elapsed.TotalMilliseconds:F1} ms) on {threads} threads")));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
