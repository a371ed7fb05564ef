using System.CommandLine;
using System.Globalization;
using Architectures.Interop;
using Architectures.Training;
using Spectre.Console;
using TorchSharp;

namespace Architectures.CommandLine.Commands;

/// <summary><c>arch import FILE.pt --model NAME</c>: PyTorch weights into a declared network, checked key by key and shape by shape.</summary>
public static class ImportCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "A PyTorch state_dict (torch.save(model.state_dict(), path))" };
        var model = new Option<string>("--model", "-m") { Description = "The declared architecture to load it into", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Also write the weights as a checkpoint (for `arch excitations`, `arch export`)" };
        var data = DataOptions.Data("auto");
        data.Description = "Test data for the accuracy check (evaluated only where it fits the network): " + DataOptions.DataDescription;
        var skipBad = DataOptions.SkipBad();
        var testImages = new Option<int>("--test-images") { Description = "Class-balanced subset of the test set; 0 = all" };
        var noEval = new Option<bool>("--no-eval") { Description = "Skip the test-set accuracy" };
        var command = new Command("import", "Import a PyTorch state_dict into a declared architecture (validates every key and shape), then test it")
        {
            file, model, output, data, skipBad, testImages, noEval,
        };
        command.SetAction(parse => DataOptions.Mapped(() =>
        {
            string path = parse.GetValue(file)!;
            var architecture = ArchitectureLookup.Find(parse.GetValue(model)!);
            int limit = parse.GetValue(testImages);
            if (limit < 0) throw new OptionsException($"--test-images {limit}: must be zero (all) or positive");
            using var network = architecture.Create();
            PyTorchStateDict.Import(network, architecture.Name, path);
            context.Console.MarkupLine(Markup.Escape($"{path}: {network.state_dict().Count} tensors match {architecture.Name} key for key and shape for shape"));
            // The checkpoint first: whatever the evaluation finds, the imported weights are kept.
            string? checkpointPath = parse.GetValue(output);
            if (checkpointPath is not null)
            {
                Checkpoint.Save(checkpointPath, new CheckpointHeader { Model = architecture.Name, Epoch = 0, Step = 0 }, network, optimizer: null);
                context.Console.MarkupLine(Markup.Escape($"checkpoint {checkpointPath}"));
            }
            if (parse.GetValue(noEval)) return CliApp.Ok;

            var (test, split, mismatch) = DataOptions.TestData(architecture.Report, parse.GetValue(data)!, limit, parse.GetValue(skipBad));
            if (mismatch is not null)
            {
                context.Console.MarkupLine(Markup.Escape($"evaluation skipped: {mismatch} (give --data with test images that fit, or --no-eval)"));
                return CliApp.Ok;
            }
            var (loss, accuracy) = Trainer.Evaluate(network, test, torch.CPU);
            string which = split.HasTestSet ? "" : " (no test folder: all its images)";
            context.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"test accuracy {accuracy:P2}, loss {loss:F4} on {test.ImageCount:N0} images of {split.Source}{which}")));
            if (split.SkippedFiles.Count > 0)
                context.Console.MarkupLine(Markup.Escape($"skipped {split.SkippedFiles.Count} unreadable images (--skip-bad)"));
            return CliApp.Ok;
        }));
        return command;
    }
}
