using System;
using System.CommandLine;
using System.IO;
using Architectures.Interop;
using Architectures.Onnx;
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
        var output = new Option<string>("--output", "-o") { Description = "The file to write; default: the checkpoint's path with .pt or .onnx" };
        var format = new Option<string>("--format", "-f")
        {
            Description = "state-dict (PyTorch .pt, load with model.load_state_dict(torch.load(path))) or onnx (opset 17, for ONNX Runtime)",
            DefaultValueFactory = _ => "state-dict",
        };
        format.AcceptOnlyFromAmong("state-dict", "onnx");
        var command = new Command("export", "Export a checkpoint's network: its weights as a PyTorch state_dict, or the whole network as ONNX")
        {
            checkpoint, output, format,
        };
        command.SetAction(parse =>
        {
            string source = parse.GetValue(checkpoint)!;
            bool onnx = parse.GetValue(format) == "onnx";
            string target = parse.GetValue(output) ?? Path.ChangeExtension(source, onnx ? ".onnx" : ".pt");
            var header = Checkpoint.ReadHeader(source);
            var architecture = ArchitectureLookup.Find(header.Model);
            using var model = architecture.Create();
            Checkpoint.Load(source, model, architecture.Name, optimizer: null);
            if (onnx)
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
