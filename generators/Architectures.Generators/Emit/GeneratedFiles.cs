using System;
using System.Collections.Generic;
using Architectures.Generators.Counting;
using Architectures.Generators.Model;

namespace Architectures.Generators.Emit;

/// <summary>The files one declaration becomes (hint name, text): what the output writes and what the parser checks.</summary>
internal static class GeneratedFiles
{
    /// <summary>A variant's or custom block's file.</summary>
    public static IReadOnlyList<(string HintName, string Text)> For(ArchitectureModel model)
    {
        string hint = ModuleWriter.HintName(model);
        return model switch
        {
            ExcitationVariantModel variant => new[] { (hint + ".g.cs", ExcitationEmitter.EmitVariant(variant)) },
            CustomBlockModel block => new[] { (hint + ".g.cs", CustomBlockEmitter.Emit(block)) },
            _ => throw new ArgumentException($"{model.GetType().Name} is a network: its files are written from its plan", nameof(model)),
        };
    }

    /// <summary>A network's module (by its family's <paramref name="emitModule"/>) and report, printed from its plan.</summary>
    public static IReadOnlyList<(string HintName, string Text)> For(NetworkPlan plan, Func<NetworkPlan, string> emitModule)
    {
        string hint = ModuleWriter.HintName(plan.Model);
        return new[] { (hint + ".g.cs", emitModule(plan)), (hint + ".Report.g.cs", ModuleWriter.EmitReport(plan)) };
    }
}
