using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using Architectures.CommandLine.Commands;
using Architectures.Interop;
using Architectures.Reporting;
using Architectures.Training;
using System.Collections.Generic;
using System.Reflection;

namespace Architectures.CommandLine;

/// <summary>
/// The <c>arch</c> command line: builds the System.CommandLine tree, and turns every expected failure into one line on
/// stderr and a non-zero exit code (2: the command line itself is wrong; 1: the run failed; 130: interrupted).
/// </summary>
public static class CliApp
{
    public const int Ok = 0, Failed = 1, Usage = 2, Interrupted = 130;

    /// <summary>Loads more assemblies' declared networks before the command runs (any command).</summary>
    public static readonly Option<string[]> AssemblyOption = new("--assembly")
    {
        Description = "Also use the networks declared in this assembly (a .dll built with the Architectures package); repeatable",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
    };

    public static RootCommand BuildRoot(CliContext context, ArchHost? host = null)
    {
        host ??= new ArchHost();
        var root = new RootCommand(
            "Train and inspect the Squeeze-and-Excitation networks declared in this program (TorchSharp).")
        {
            AssemblyOption,
            TrainCommand.Create(context, host),
            ListCommand.Create(context),
            ReportCommand.Create(context),
            ForwardCommand.Create(context),
            ExportCommand.Create(context),
            ImportCommand.Create(context),
            ExcitationsCommand.Create(context),
            AblateCommand.Create(context),
        };
        return root;
    }

    public static int Run(string[] args, CliContext context, ArchHost? host = null)
    {
        host ??= new ArchHost();
        var root = BuildRoot(context, host);
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
            host.Register();
            foreach (string path in parse.GetValue(AssemblyOption) ?? Array.Empty<string>()) ArchitectureRegistry.LoadFrom(path);
            return parse.Invoke(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = new SpectreWriter(context),
                Error = context.Error,
            });
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            // An interrupted study resumes by running the same command again; a training run by --resume.
            if (e is OperationCanceledException && parse.CommandResult.Command.Name == "ablate")
                message = "interrupted; finished runs and the last epoch's checkpoint are kept (run the same `arch ablate` command again to continue)";
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
        ArchitectureRegistry.Find(name)
        ?? throw new UnknownArchitectureException(ArchitectureRegistry.All.Count == 0
            ? $"unknown architecture {name}: this program declares none (declare one with [ResNet(...)] on a partial class, or load an assembly with --assembly)"
            : $"unknown architecture {name}; known: {string.Join(", ", ArchitectureRegistry.All.Select(a => a.Name))} (see `arch list`)");
}
