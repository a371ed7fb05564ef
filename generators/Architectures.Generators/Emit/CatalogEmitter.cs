using System.Collections.Generic;
using System.Linq;
using Architectures.Generators.Counting;
using Architectures.Generators.Model;

namespace Architectures.Generators.Emit;

/// <summary>
/// Writes the assembly's catalog of declared architectures, headed by the build report: one comment line per
/// architecture, starting "// | ", which build/ArchitectureReport.targets prints on every build.
/// </summary>
internal static class CatalogEmitter
{
    public const string FileName = "ArchitectureBuildReport.g.cs";
    public const string ReportLinePrefix = "// | ";

    public static string Emit(IReadOnlyList<NetworkPlan> plans)
    {
        var ordered = plans.OrderBy(p => ModuleWriter.HintName(p.Model), System.StringComparer.Ordinal).ToList();
        var w = new IndentedWriter();
        w.Line(ModuleWriter.Header)
         .Line("// Architectures declared in this assembly (parameters, SE parameters and share, multiply-adds):");
        int nameWidth = ordered.Select(p => p.ClassName.Length).DefaultIfEmpty(0).Max();
        nameWidth = System.Math.Max(nameWidth, ModuleWriter.MinimumNameWidth);
        foreach (NetworkPlan plan in ordered) w.Line(ReportLinePrefix + ModuleWriter.SummaryLine(plan, nameWidth));
        w.Line("#nullable enable")
         .Line()
         .Line("namespace Architectures.Generated;")
         .Line()
         .Line("/// <summary>Every architecture declared in this assembly, in name order.</summary>")
         .Open("internal static class DeclaredArchitectures")
         .Line("public static global::System.Collections.Generic.IReadOnlyList<global::Architectures.Reporting.ArchitectureInfo> All { get; } = new global::Architectures.Reporting.ArchitectureInfo[]")
         .Line("{")
         .Indent();
        foreach (NetworkPlan plan in ordered) w.Line($"{ModuleWriter.FullName(plan.Model)}.Info,");
        w.Outdent().Line("};")
         .Line()
         .Line("/// <summary>Registers this assembly's architectures in the ArchitectureRegistry as soon as the assembly loads.</summary>")
         .Line("#pragma warning disable CA2255 // a module initializer is the point here: registration without a call")
         .Line("[global::System.Runtime.CompilerServices.ModuleInitializer]")
         .Line("#pragma warning restore CA2255")
         .Line("internal static void Register() =>")
         .Line("    global::Architectures.Reporting.ArchitectureRegistry.Register(typeof(DeclaredArchitectures).Assembly, All);")
         .Close();
        return w.ToString();
    }
}
