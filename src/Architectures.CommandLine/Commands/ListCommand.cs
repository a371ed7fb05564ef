using System.CommandLine;
using Architectures.CommandLine.Rendering;
using Architectures.Reporting;

namespace Architectures.CommandLine.Commands;

/// <summary><c>arch list</c>: every declared architecture with its compile-time counts.</summary>
public static class ListCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("list", "List the declared architectures: parameters, SE parameters, multiply-adds");
        command.SetAction(_ =>
        {
            context.Console.Write(Tables.Catalog(ArchitectureRegistry.All));
            return CliApp.Ok;
        });
        return command;
    }
}
