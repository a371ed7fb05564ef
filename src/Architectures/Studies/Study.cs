using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Architectures.Reporting;

namespace Architectures.Studies;

/// <summary>A study declaration that cannot be used; the message names the study and the property.</summary>
public sealed class StudyDeclarationException(string message) : Exception(message);

/// <summary>One row of a study: a label in the paper's terms, the declared network, and the paper's figure if any.</summary>
public sealed record StudyVariant(string Label, ArchitectureInfo Architecture, double? PaperTop1Error = null);

/// <summary>A resolved study: the base network and the variants, each bound to its declared architecture.</summary>
public sealed record Study
{
    public required string Name { get; init; }
    public string? Table { get; init; }
    public string? Description { get; init; }

    /// <summary>The network the throughput overhead is measured against (trained too; shown first).</summary>
    public required StudyVariant Base { get; init; }

    public required IReadOnlyList<StudyVariant> Variants { get; init; }

    /// <summary>The variant the others are compared with.</summary>
    public required StudyVariant Reference { get; init; }

    /// <summary>Base first, then the variants, without repeating a network (a base listed among the variants keeps its label there).</summary>
    public IReadOnlyList<StudyVariant> Rows =>
        new[] { Variants.FirstOrDefault(v => v.Architecture.Name == Base.Architecture.Name) ?? Base }
            .Concat(Variants).DistinctBy(v => v.Architecture.Name).ToList();

    /// <summary>A study built in code (tests, scripts) rather than declared with <see cref="StudyAttribute"/>.</summary>
    public static Study Create(string name, ArchitectureInfo baseNetwork, IReadOnlyList<StudyVariant> variants,
        string? table = null, string? description = null, StudyVariant? reference = null)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new StudyDeclarationException("study: Name is empty");
        if (variants.Count == 0) throw new StudyDeclarationException($"study {name}: Variants is empty");
        var duplicate = variants.GroupBy(v => v.Architecture.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new StudyDeclarationException($"study {name}: Variants lists {duplicate.Key} twice");
        return new Study
        {
            Name = name, Table = table, Description = description,
            Base = new StudyVariant(baseNetwork.Name, baseNetwork), Variants = variants, Reference = reference ?? variants[0],
        };
    }

    /// <summary>Binds a declaration to the registered architectures; names the property that is wrong.</summary>
    public static Study FromAttribute(StudyAttribute declared)
    {
        string where = $"[assembly: Study(\"{declared.Name}\")]";
        if (declared.Base is null) throw new StudyDeclarationException($"{where}: Base is not set");
        if (declared.Labels is { } labels && labels.Length != declared.Variants.Length)
            throw new StudyDeclarationException($"{where}: Labels has {labels.Length} entries for {declared.Variants.Length} Variants");
        if (declared.PaperTop1Error is { } paper && paper.Length != declared.Variants.Length)
            throw new StudyDeclarationException($"{where}: PaperTop1Error has {paper.Length} entries for {declared.Variants.Length} Variants");
        var variants = declared.Variants.Select((type, i) =>
        {
            var architecture = Resolve(type, $"{where}: Variants[{i}]");
            return new StudyVariant(declared.Labels?[i] ?? architecture.Name, architecture, declared.PaperTop1Error?[i]);
        }).ToList();
        var baseNetwork = Resolve(declared.Base, $"{where}: Base");
        StudyVariant? reference = null;
        if (declared.Reference is not null)
        {
            reference = variants.FirstOrDefault(v => v.Architecture.Type == declared.Reference)
                ?? throw new StudyDeclarationException($"{where}: Reference {declared.Reference.Name} is not one of the Variants");
        }
        try
        {
            return Create(declared.Name, baseNetwork, variants, declared.Table, declared.Description, reference);
        }
        catch (StudyDeclarationException e)
        {
            throw new StudyDeclarationException($"{where}: {e.Message}");
        }
    }

    private static ArchitectureInfo Resolve(Type type, string where)
    {
        var found = ArchitectureRegistry.Include(type.Assembly).FirstOrDefault(a => a.Type == type);
        return found ?? throw new StudyDeclarationException($"{where}: {type.FullName} is not a declared architecture (no [ResNet(...)] or similar on it)");
    }
}

/// <summary>The studies declared with <see cref="StudyAttribute"/> in the assemblies loaded so far.</summary>
public static class StudyCatalog
{
    /// <summary>Every declared study, in declaration order per assembly; assemblies that do not reference this library are skipped.</summary>
    public static IReadOnlyList<Study> All
    {
        get
        {
            string self = typeof(StudyAttribute).Assembly.GetName().Name!;
            return AppDomain.CurrentDomain.GetAssemblies()
                .Where(a => !a.IsDynamic && a.GetReferencedAssemblies().Any(r => r.Name == self))
                .SelectMany(a => a.GetCustomAttributes<StudyAttribute>())
                .GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Select(g => g.First())
                .Select(Study.FromAttribute).ToList();
        }
    }

    /// <summary>The study of that name (case-insensitive); an error that lists the known ones.</summary>
    public static Study Find(string name)
    {
        var all = All;
        return all.FirstOrDefault(s => string.Equals(s.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new StudyDeclarationException(all.Count == 0
                ? $"unknown study {name}: no study is declared (declare one with [assembly: Study(\"name\", Base = …, Variants = …)])"
                : $"unknown study {name}; known: {string.Join(", ", all.Select(s => s.Name))} (see `arch ablate --list`)");
    }
}
