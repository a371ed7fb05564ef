using System;
using System.CommandLine;
using System.IO;
using Architectures.Interop;
using Architectures.Onnx;
using Architectures.Onnx.PyTorch;
using Architectures.Training;
using Spectre.Console;

namespace Architectures.CommandLine.Commands;

/// <summary>
/// <c>arch export CHECKPOINT</c>: the trained network as a PyTorch state_dict (.pt, torchvision/timm keys) or as an
/// ONNX model (opset 17, batch norm folded, batch and image size dynamic) for ONNX Runtime and other engines.
/// </summary>
public static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A checkpoint written by `arch train` (<run>/<Model>.ckpt) or `arch import`" };
        var output = new Option<string>("--output", "-o") { Description = "The file to write; default: the checkpoint's path with .pt, .onnx or .py" };
        var format = new Option<string>("--format", "-f")
        {
            Description = "state-dict (PyTorch .pt, load with model.load_state_dict(torch.load(path))), onnx (opset 17, for ONNX Runtime) " +
                          "or pytorch (a self-contained Python module NAME.py defining the network, plus its weights NAME.pt beside it)",
            DefaultValueFactory = _ => "state-dict",
        };
        format.AcceptOnlyFromAmong("state-dict", "onnx", "pytorch");
        var command = new Command("export", "Export a checkpoint's network: its weights as a PyTorch state_dict, or the whole network as ONNX")
        {
            checkpoint, output, format,
        };
        command.SetAction(parse =>
        {
            string source = parse.GetValue(checkpoint)!;
            string kind = parse.GetValue(format)!;
            bool onnx = kind == "onnx";
            string target = parse.GetValue(output) ?? Path.ChangeExtension(source, kind switch { "onnx" => ".onnx", "pytorch" => ".py", _ => ".pt" });
            var header = Checkpoint.ReadHeader(source);
            var architecture = ArchitectureLookup.Find(header.Model);
            using var model = architecture.Create();
            Checkpoint.Load(source, model, architecture.Name, optimizer: null);
            if (kind == "pytorch")
            {
                if (!target.EndsWith(".py", StringComparison.Ordinal))
                    throw new OptionsException($"--output {target}: a Python module's file name must end in .py");
                string weights = Path.ChangeExtension(target, ".pt");
                try
                {
                    PyTorchModuleWriter.Export(model, architecture.Report, target);
                }
                catch (OnnxExportException e)
                {
                    throw new OptionsException($"--format pytorch: {e.Message}");
                }
                PyTorchStateDict.Export(model, weights);
                context.Console.MarkupLine(Markup.Escape(
                    $"{architecture.Name} (epoch {header.Epoch}) -> {target} (class {architecture.Name}, nn.Module) and {weights} " +
                    $"({model.state_dict().Count} tensors, the same keys); train it on several machines with scripts/ddp_train.py"));
            }
            else if (onnx)
            {
                model.eval();
                try
                {
                    OnnxExporter.Export(model, architecture.Report, target);
                }
                catch (OnnxExportException e)
                {
                    throw new OptionsException($"--format onnx: {e.Message}");
                }
                context.Console.MarkupLine(Markup.Escape(
                    $"{architecture.Name} (epoch {header.Epoch}) -> {target}: ONNX opset {OnnxExporter.Opset}, batch norm folded, " +
                    $"input \"{OnnxExporter.InputName}\" [batch, {architecture.Report.InputChannels}, height, width] (declared {architecture.Report.InputSize}), " +
                    $"output \"{OnnxExporter.OutputName}\" [batch, {architecture.Report.Classes}]"));
            }
            else
            {
                PyTorchStateDict.Export(model, target);
                context.Console.MarkupLine(Markup.Escape(
                    $"{architecture.Name} (epoch {header.Epoch}) -> {target}: {model.state_dict().Count} tensors, torchvision/timm keys"));
            }
            return CliApp.Ok;
        });
        return command;
    }
}
