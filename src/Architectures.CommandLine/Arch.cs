using System;
using System.Collections.Generic;
using System.Reflection;
using Architectures.Reporting;

namespace Architectures.CommandLine;

/// <summary>
/// The <c>arch</c> commands over the networks a program declares. A program that declares networks needs one line:
/// <code>return Arch.Run(args);</code>
/// </summary>
public static class Arch
{
    /// <summary>Runs the command line on the process console; returns the exit code (0 ok, 1 failed, 2 usage, 130 interrupted).</summary>
    public static int Run(string[] args, ArchHost? host = null) => CliApp.Run(args, CliContext.ForProcess(), host);
}

/// <summary>Which networks the command line serves, and what <c>train</c> trains when given no <c>--models</c>.</summary>
public sealed record ArchHost
{
    /// <summary>
    /// Assemblies whose declared networks to use, besides the entry assembly and the assemblies it references
    /// (which are always searched).
    /// </summary>
    public IReadOnlyList<Assembly> Assemblies { get; init; } = Array.Empty<Assembly>();

    /// <summary>What <c>train</c> trains without <c>--models</c>; empty = every network the entry assembly declares.</summary>
    public IReadOnlyList<string> DefaultModels { get; init; } = Array.Empty<string>();

    /// <summary>Registers the networks of the entry assembly, its references and <see cref="Assemblies"/>.</summary>
    public void Register()
    {
        ArchitectureRegistry.IncludeEntryAssembly();
        foreach (var assembly in Assemblies) ArchitectureRegistry.Include(assembly);
    }

    /// <summary>The models <c>train</c> trains when none are named.</summary>
    public IReadOnlyList<string> ResolveDefaultModels()
    {
        if (DefaultModels.Count > 0) return DefaultModels;
        Register();
        var entry = Assembly.GetEntryAssembly();
        var declared = entry is null ? Array.Empty<ArchitectureInfo>() : ArchitectureRegistry.Include(entry);
        var chosen = declared.Count > 0 ? declared : ArchitectureRegistry.All;
        var names = new List<string>();
        foreach (var a in chosen) names.Add(a.Name);
        return names;
    }
}
