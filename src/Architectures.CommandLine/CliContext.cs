using System;
using System.IO;
using System.Threading;
using Spectre.Console;

namespace Architectures.CommandLine;

/// <summary>Where a command writes, whether it may draw live progress, and the token Ctrl+C cancels.</summary>
public sealed class CliContext
{
    public CliContext(IAnsiConsole console, TextWriter error, bool live, CancellationToken cancellation)
    {
        Console = console;
        Error = error;
        Live = live;
        Cancellation = cancellation;
    }

    public IAnsiConsole Console { get; }
    public TextWriter Error { get; }

    /// <summary>True on an interactive terminal: live progress bars. Otherwise plain lines (Spectre's progress prints nothing there).</summary>
    public bool Live { get; }

    public CancellationToken Cancellation { get; }

    /// <summary>The real console; Ctrl+C cancels training at the next step instead of killing the process.</summary>
    public static CliContext ForProcess()
    {
        var cancellation = new CancellationTokenSource();
        System.Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl+C stops at the next step (the last checkpoint stays valid); a second one kills.
            if (cancellation.IsCancellationRequested) return;
            e.Cancel = true;
            cancellation.Cancel();
        };
        var console = AnsiConsole.Console;
        bool live = !System.Console.IsOutputRedirected && console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi;
        // Redirected output has no width; Spectre would assume 80 columns and wrap the tables.
        if (System.Console.IsOutputRedirected) console.Profile.Width = 160;
        return new CliContext(console, System.Console.Error, live, cancellation.Token);
    }

    /// <summary>A context that writes plain text into <paramref name="output"/> (tests, logs).</summary>
    public static CliContext ForWriters(TextWriter output, TextWriter error, CancellationToken cancellation = default)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 160;
        return new CliContext(console, error, live: false, cancellation);
    }
}
