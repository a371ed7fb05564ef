using Architectures.Cli;

return CliApp.Run(args, CliContext.ForProcess());
