using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using Architectures.Cli.Commands;
using Architectures.Interop;
using Architectures.Reporting;
using Architectures.Training;
using Architectures.Zoo;

namespace Architectures.Cli;

/// <summary>
/// The <c>arch</c> command line: builds the System.CommandLine tree, and turns every expected failure into one line on
/// stderr and a non-zero exit code (2: the command line itself is wrong; 1: the run failed; 130: interrupted).
/// </summary>
public static class CliApp
{
    public const int Ok = 0, Failed = 1, Usage = 2, Interrupted = 130;

    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand(
            "Train and inspect the Squeeze-and-Excitation networks declared in this repository (TorchSharp, Fashion-MNIST).")
        {
            TrainCommand.Create(context),
            ListCommand.Create(context),
            ReportCommand.Create(context),
            ForwardCommand.Create(context),
            ExportCommand.Create(context),
            ImportCommand.Create(context),
            ExcitationsCommand.Create(context),
        };
        return root;
    }

    public static int Run(string[] args, CliContext context)
    {
        var root = BuildRoot(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            string command = string.Join(' ', parse.CommandResult.Command.Name == root.Name
                ? new[] { "arch" }
                : new[] { "arch", parse.CommandResult.Command.Name });
            string message = string.Join(' ', parse.Errors[0].Message.Split(new[] { '\r', '\n', '\t' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(part => part.Trim()));
            context.Error.WriteLine($"error: {message} (see `{command} --help`)");
            return Usage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = new SpectreWriter(context),
                Error = context.Error,
            });
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            context.Error.WriteLine($"error: {message}");
            return e is OperationCanceledException ? Interrupted : e is OptionsException or UnknownArchitectureException ? Usage : Failed;
        }
    }

    /// <summary>The one line a user sees for an exception; every exception gets one, never a stack trace.</summary>
    private static string? Describe(Exception e) => e switch
    {
        OperationCanceledException => "interrupted; the last epoch's checkpoint is kept (continue with `arch train --resume <run folder>`)",
        OptionsException or UnknownArchitectureException or CheckpointException or StateDictMismatchException
            or TrainingDivergedException or OutputFolderException => e.Message,
        InvalidDataException or FileNotFoundException or DirectoryNotFoundException => e.Message,
        UnauthorizedAccessException or IOException => $"cannot read or write a file: {e.Message}",
        TypeInitializationException { InnerException: { } inner } => $"LibTorch failed to load ({inner.GetType().Name}: {inner.Message})",
        _ => Environment.GetEnvironmentVariable("ARCH_DEBUG") == "1"
            ? null
            : $"unexpected {e.GetType().Name}: {e.Message} (set ARCH_DEBUG=1 for the stack trace)",
    };

    /// <summary>Lets System.CommandLine's own output (help text) go through the context's console.</summary>
    private sealed class SpectreWriter(CliContext context) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void Write(char value) => context.Console.Profile.Out.Writer.Write(value);
        public override void Write(string? value) => context.Console.Profile.Out.Writer.Write(value);
        public override void Flush() => context.Console.Profile.Out.Writer.Flush();
    }
}

/// <summary>A name that is not among the declared architectures.</summary>
public sealed class UnknownArchitectureException(string message) : Exception(message);

/// <summary>Looks up declared architectures, with a message that lists the known ones.</summary>
public static class ArchitectureLookup
{
    public static ArchitectureInfo Find(string name) =>
        Catalog.Find(name.Trim())
        ?? throw new UnknownArchitectureException(
            $"unknown architecture {name}; known: {string.Join(", ", Catalog.All.Select(a => a.Name))} (see `arch list`)");
}
