using System.CommandLine;
using System.IO;
using Architectures.Interop;
using Architectures.Training;
using Spectre.Console;

namespace Architectures.CommandLine.Commands;

/// <summary><c>arch export CHECKPOINT</c>: the trained weights as a PyTorch state_dict (.pt) with torchvision/timm keys.</summary>
public static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A checkpoint written by `arch train` (<run>/<Model>.ckpt) or `arch import`" };
        var output = new Option<string>("--output", "-o") { Description = "The .pt file to write; default: the checkpoint's path with .pt" };
        var command = new Command("export", "Export a checkpoint's weights as a PyTorch state_dict (load with model.load_state_dict(torch.load(path)))")
        {
            checkpoint, output,
        };
        command.SetAction(parse =>
        {
            string source = parse.GetValue(checkpoint)!;
            string target = parse.GetValue(output) ?? Path.ChangeExtension(source, ".pt");
            var header = Checkpoint.ReadHeader(source);
            var architecture = ArchitectureLookup.Find(header.Model);
            using var model = architecture.Create();
            Checkpoint.Load(source, model, architecture.Name, optimizer: null);
            PyTorchStateDict.Export(model, target);
            context.Console.MarkupLine(Markup.Escape(
                $"{architecture.Name} (epoch {header.Epoch}) -> {target}: {model.state_dict().Count} tensors, torchvision/timm keys"));
            return CliApp.Ok;
        });
        return command;
    }
}
