using System.IO;
using Architectures.CommandLine;

namespace Architectures.Tests.Runtime;

/// <summary>Runs `arch` in-process, as a user would type it, and returns its exit code and both streams.</summary>
internal static class InProcessCli
{
    public static (int Code, string Out, string Error) Run(params string[] args) => Run(null, args);

    public static (int Code, string Out, string Error) Run(ArchHost? host, params string[] args)
    {
        TorchSetup.Once();
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, CliContext.ForWriters(output, error), host);
        return (code, output.ToString(), error.ToString());
    }
}
