using System.Collections.Generic;
using Architectures.Generators.Counting;
using Architectures.Generators.Model;

namespace Architectures.Generators.Emit;

/// <summary>The files one declaration becomes (hint name, text): what the output writes and what the parser checks.</summary>
internal static class GeneratedFiles
{
    public static IReadOnlyList<(string HintName, string Text)> For(ArchitectureModel model)
    {
        string hint = ModuleWriter.HintName(model);
        switch (model)
        {
            case ExcitationVariantModel variant:
                return new[] { (hint + ".g.cs", ExcitationEmitter.EmitVariant(variant)) };
            case CustomBlockModel block:
                return new[] { (hint + ".g.cs", CustomBlockEmitter.Emit(block)) };
            default:
                NetworkPlan plan = Planner.Plan(model);
                return new[] { (hint + ".g.cs", ModuleWriter.EmitModule(plan)), (hint + ".Report.g.cs", ModuleWriter.EmitReport(plan)) };
        }
    }
}
