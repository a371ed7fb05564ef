using System.CommandLine;
using Architectures.CommandLine.Rendering;

namespace Architectures.CommandLine.Commands;

/// <summary><c>arch report NAME</c>: the per-layer table counted at compile time.</summary>
public static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "Architecture name (see `arch list`)" };
        var command = new Command("report", "Per-layer report of an architecture: output shapes, parameters, multiply-adds") { name };
        command.SetAction(parse =>
        {
            var architecture = ArchitectureLookup.Find(parse.GetValue(name)!);
            context.Console.Write(Tables.Layers(architecture.Report));
            return CliApp.Ok;
        });
        return command;
    }
}
