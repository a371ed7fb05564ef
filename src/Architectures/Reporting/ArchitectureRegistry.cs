using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Architectures.Reporting;

/// <summary>
/// Every declared architecture of the assemblies loaded so far. The generator gives each assembly that declares
/// networks a module initializer that registers them here, so an assembly's networks appear as soon as it is loaded;
/// <see cref="Include(Assembly)"/> and <see cref="LoadFrom(string)"/> load one on purpose (a referenced assembly
/// is loaded by the runtime only when something in it is first used).
/// </summary>
public static class ArchitectureRegistry
{
    private static readonly object Gate = new();
    private static readonly Dictionary<Assembly, IReadOnlyList<ArchitectureInfo>> ByAssembly = new();

    /// <summary>Called by generated code (a module initializer): the architectures <paramref name="assembly"/> declares.</summary>
    public static void Register(Assembly assembly, IReadOnlyList<ArchitectureInfo> architectures)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(architectures);
        lock (Gate) ByAssembly[assembly] = architectures;
    }

    /// <summary>Every registered architecture, in name order (names are unique: the first assembly registered wins a clash).</summary>
    public static IReadOnlyList<ArchitectureInfo> All
    {
        get
        {
            lock (Gate)
            {
                return ByAssembly.Values.SelectMany(a => a)
                    .GroupBy(a => a.Name, StringComparer.OrdinalIgnoreCase).Select(g => g.First())
                    .OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
            }
        }
    }

    /// <summary>The architecture of that name (case-insensitive), or null.</summary>
    public static ArchitectureInfo? Find(string name) =>
        All.FirstOrDefault(a => string.Equals(a.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Runs <paramref name="assembly"/>'s module initializer, which registers its declared architectures.</summary>
    public static IReadOnlyList<ArchitectureInfo> Include(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        lock (Gate) return ByAssembly.TryGetValue(assembly, out var found) ? found : Array.Empty<ArchitectureInfo>();
    }

    /// <summary>
    /// Registers the architectures of the entry assembly and of every assembly it references directly (the
    /// usual layout: a program, plus a library of declarations).
    /// </summary>
    public static void IncludeEntryAssembly()
    {
        var entry = Assembly.GetEntryAssembly();
        if (entry is null) return;
        Include(entry);
        string self = typeof(ArchitectureRegistry).Assembly.GetName().Name!;
        foreach (var name in entry.GetReferencedAssemblies())
        {
            Assembly referenced;
            try { referenced = Assembly.Load(name); }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException) { continue; }
            // Only assemblies built against this library can declare architectures.
            if (referenced.GetReferencedAssemblies().Any(r => r.Name == self)) Include(referenced);
        }
    }

    /// <summary>Loads an assembly from a path and registers its architectures; a clear error when it cannot.</summary>
    public static IReadOnlyList<ArchitectureInfo> LoadFrom(string path)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"{path}: no such assembly", full);
        Assembly assembly;
        try
        {
            assembly = System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyPath(full);
        }
        catch (BadImageFormatException)
        {
            throw new InvalidDataException($"{path}: not a .NET assembly");
        }
        var found = Include(assembly);
        if (found.Count == 0)
            throw new InvalidDataException($"{path}: declares no architectures (no class with [ResNet], [MobileNetV3], … in it)");
        return found;
    }
}
