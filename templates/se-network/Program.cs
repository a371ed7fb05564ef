using Architectures.CommandLine;

// `dotnet run` trains the networks declared in this project (Networks.cs) on the built-in Fashion-MNIST sample and
// compares them; `dotnet run -- --help` lists every command (list, report, train on your own data, import, export…).
return Arch.Run(args.Length == 0 ? ["train"] : args);
