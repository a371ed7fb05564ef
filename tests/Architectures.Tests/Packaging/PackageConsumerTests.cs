using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Xunit;

namespace Architectures.Tests.Packaging;

/// <summary>
/// The packages as a stranger meets them: this repository's packable projects are packed into a local feed in a
/// temporary folder outside the repository; a project made from the `dotnet new se-network` template, and a
/// hand-written project with one PackageReference, restore from that feed plus the machine's NuGet sources, build
/// (printing the build report), train one short epoch on the built-in sample and load the checkpoint back.
/// </summary>
/// <remarks>
/// Every pack gets a version of its own and restores into a package folder of its own (the machine's global folder
/// only as a read-only fallback for TorchSharp and LibTorch), so no cached copy of an earlier pack is ever used and
/// the user's NuGet cache is left as it was. Templates install into a private hive, not the user's.
/// </remarks>
public sealed class PackageConsumerTests : IClassFixture<PackageConsumerTests.LocalFeed>
{
    private readonly LocalFeed _feed;

    public PackageConsumerTests(LocalFeed feed) => _feed = feed;

    [Fact]
    public void TemplateProjectBuildsTrainsAndReloads()
    {
        string hive = Path.Combine(_feed.Root, "template-hive");
        string project = Path.Combine(_feed.Root, "MyNets");
        _feed.Dotnet(_feed.Root, "new", "install", _feed.Package("Architectures.Templates"), "--debug:custom-hive", hive);
        _feed.Dotnet(_feed.Root, "new", "se-network", "-n", "MyNets", "-o", project, "--debug:custom-hive", hive);

        string build = _feed.Dotnet(project, "build");
        Assert.Contains("MyNets: ResNet20               params      272,186", build);
        Assert.Contains("MyNets: SEResNet20             params      280,670  SE      8,484", build);
        Assert.Contains(" 0 Warning(s)", build); // the analyzers load (no CS8032), nothing in the template warns

        string train = _feed.Dotnet(project, "run", "--no-build", "--", "train", "--data", "sample", "-e", "1", "-t", "2", "-o", "run");
        Assert.Contains("SEResNet20 epoch 1:", train);
        Assert.True(File.Exists(Path.Combine(project, "run", "SEResNet20.ckpt")), train);
        Assert.True(File.Exists(Path.Combine(project, "run", "loss.png")), train);

        // The checkpoint back into the network: excitations per class on the sample's test images.
        string excitations = _feed.Dotnet(project, "run", "--no-build", "--", "excitations", Path.Combine("run", "SEResNet20.ckpt"), "--data", "sample");
        Assert.True(File.Exists(Path.Combine(project, "run", "SEResNet20-excitations.png")), excitations);

        // Out to PyTorch's format and back in, checked key by key, into a fresh checkpoint.
        _feed.Dotnet(project, "run", "--no-build", "--", "export", Path.Combine("run", "SEResNet20.ckpt"), "-o", "weights.pt");
        string import = _feed.Dotnet(project, "run", "--no-build", "--", "import", "weights.pt", "-m", "SEResNet20", "--data", "sample",
            "-o", Path.Combine("run", "imported.ckpt"));
        Assert.Contains("tensors match SEResNet20 key for key and shape for shape", import);
        Assert.True(File.Exists(Path.Combine(project, "run", "imported.ckpt")), import);

        // Only this machine's native files, not 16 platforms' (the package trims them when no RID is given).
        string runtimes = Path.Combine(project, "bin", LocalFeed.Configuration, "net10.0", "runtimes");
        Assert.Equal(new[] { "linux-x64" }, Directory.GetDirectories(runtimes).Select(Path.GetFileName).ToArray());
    }

    [Fact]
    public void HandWrittenProjectWithOnePackageReference()
    {
        string project = Path.Combine(_feed.Root, "HandWritten");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "HandWritten.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ArchitecturesScalarAnalysis>all</ArchitecturesScalarAnalysis>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Architectures" Version="{_feed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.Copy(Path.Combine(LocalFeed.RepoRoot, "tests", "Architectures.Tests", "Packaging", "Consumer", "Program.cs.txt"),
            Path.Combine(project, "Program.cs"));

        string build = _feed.Dotnet(project, "build");
        Assert.Contains("HandWritten: SEResNet34             params   21,958,868  SE    161,196", build);
        Assert.Contains("HandWritten: TinySENet", build);
        Assert.Contains("warning ARCH054: 'UnsafeBlock.bn' is TorchSharp's BatchNorm2d", build);
        Assert.Contains("warning ARCH055: In 'UnsafeBlock': TorchSharp's operator + on Tensor and Tensor makes a temporary scalar", build);
        Assert.Contains("warning ARCH055: In 'Scaling': TorchSharp's operator * on Tensor and Double makes a temporary scalar", build);

        string output = _feed.Dotnet(project, "run", "--no-build", "--", "run");
        Assert.Contains("SEResNet34 21958868 161196 3666678272", output);
        Assert.Contains("TinySENet epoch 1:", output);
        Assert.Contains("reloaded ", output);
        Assert.Contains("SafeBlock 42 3", output); // SE 8 → 2 → 8 with biases: 2·8·2 + 2 + 8
    }

    /// <summary>Packs every packable project once for the class, into a temporary folder with its own NuGet setup.</summary>
    public sealed class LocalFeed : IDisposable
    {
        public static readonly string RepoRoot = Metadata("RepoRoot");
        public static readonly string Configuration = Metadata("Configuration");

        public LocalFeed()
        {
            Root = Path.Combine(Path.GetTempPath(), "arch-consumer-" + Guid.NewGuid().ToString("N")[..10]);
            Feed = Path.Combine(Root, "feed");
            Directory.CreateDirectory(Feed);
            Version = "0.0.0-consumer." + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "." + Environment.ProcessId;

            // NuGet settings of the consumers: this feed besides the machine's sources (inherited), a private package
            // folder, and the machine's global folder as a fallback so TorchSharp and LibTorch are not extracted again.
            string global = Dotnet(Root, "nuget", "locals", "global-packages", "--list").Split(':', 2)[1].Trim();
            File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <config>
                    <add key="globalPackagesFolder" value="{Path.Combine(Root, "packages")}" />
                  </config>
                  <packageSources>
                    <add key="architectures-local" value="{Feed}" />
                  </packageSources>
                  <fallbackPackageFolders>
                    <add key="machine" value="{global}" />
                  </fallbackPackageFolders>
                </configuration>
                """);
            // A project outside the repository must not see the repository's Directory.Build.* files: the temp
            // folder is outside it, and these stop MSBuild from looking further up than the temp folder.
            File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />");
            File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />");

            foreach (string project in PackableProjects())
                Dotnet(RepoRoot, "pack", project, "-c", Configuration, "-o", Feed, "-p:PackageVersion=" + Version);
        }

        public string Root { get; }
        public string Feed { get; }
        public string Version { get; }

        public string Package(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

        /// <summary>Projects under src/ and templates/ that say IsPackable=true.</summary>
        public static IEnumerable<string> PackableProjects() =>
            new[] { "src", "templates" }
                .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepoRoot, folder), "*.csproj", SearchOption.AllDirectories))
                .Where(path => File.ReadAllText(path).Contains("<IsPackable>true</IsPackable>"))
                .OrderBy(path => path, StringComparer.Ordinal);

        /// <summary>Runs dotnet; returns its output, or fails the test with the command and its output.</summary>
        public string Dotnet(string workingDirectory, params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (string argument in arguments) start.ArgumentList.Add(argument);
            // The test host's MSBuild and test-platform variables would steer the child builds; a user's shell has none.
            foreach (string key in start.Environment.Keys.ToList())
                if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                    || key.StartsWith("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase))
                    start.Environment.Remove(key);
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

            var output = new StringBuilder();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException($"dotnet {string.Join(' ', arguments)} did not finish in 5 minutes:\n{output}");
            }
            process.WaitForExit();
            string text;
            lock (output) text = output.ToString();
            if (process.ExitCode != 0)
                throw new Xunit.Sdk.XunitException($"dotnet {string.Join(' ', arguments)} exited {process.ExitCode} in {workingDirectory}:\n{text}");
            return text;
        }

        private static string Metadata(string key) =>
            typeof(LocalFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

        public void Dispose()
        {
            try { Directory.Delete(Root, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
