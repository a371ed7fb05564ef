using Architectures.Generators.Counting;
using Architectures.Generators.Model;

namespace Architectures.Generators.Emit;

/// <summary>
/// Writes the generated half of a [CustomBlock]: the module base, the excitation field <c>se</c>, the compile-time
/// count of its parameters, and a forward that places it around the hand-written <c>Branch</c>.
/// </summary>
internal static class CustomBlockEmitter
{
    public static string Emit(CustomBlockModel model)
    {
        var w = new IndentedWriter();
        ModuleWriter.WriteFileStart(w, model);
        SEPlan? se = model.SE is { } knobs ? SEPlan.Create(knobs, model.Channels, model.Channels, model.Channels, model.Channels, 1) : null;
        w.Line("/// <summary>")
         .Line($"/// Hand-written block{(model.Residual ? " with a residual connection" : "")}" +
               (se is null ? "." : $", {ExcitationCounter.DescribeKnobs(se.Knobs)} ({se.Knobs.Placement}) on {model.Channels} channels."))
         .Line("/// </summary>")
         .Open($"partial class {model.Identifier} : Module<Tensor, Tensor>")
         .Line("/// <summary>Learnable parameters of the excitation the generator adds (the branch's are the class's own).</summary>")
         .Line($"public const long SEParameterCount = {IndentedWriter.Number(se?.Parameters ?? 0)};")
         .Line();
        if (se is not null) w.Line($"private readonly Module<Tensor, Tensor> se = {ExcitationEmitter.Construct(se)};").Line();
        w.Open($"public {model.Identifier}() : base(nameof({model.Identifier}))")
         .Line("RegisterComponents();")
         .Close()
         .Line()
         .Line("/// <summary>The block's own computation, written in the other part of this class.</summary>")
         .Line("private partial Tensor Branch(Tensor x);")
         .Line();
        if (se is not null) w.Line("private Tensor Excite(Tensor u) => ((IExcitation)se).Excite(u);").Line();
        w.Open("public override Tensor forward(Tensor x)")
         .Line("using var scope = NewDisposeScope();");
        SEPlacement placement = se?.Knobs.Placement ?? SEPlacement.None;
        // Branch is the user's code: its output may be the input itself, or a ReLU's output autograd still needs,
        // so the sums are out of place; only the fresh result is rectified in place. Each sum starts from the branch:
        // a sum takes its first operand's memory layout, and the branch's is the one later convolutions want. The sums'
        // alpha is a held scalar: TorchSharp's own temporary one can be freed mid-call (SafeBatchNorm2d explains).
        string[] body = (placement, model.Residual) switch
        {
            (SEPlacement.None, true) => new[] { "var y = Branch(x).add(x, HeldScalars.One).relu_();" },
            (SEPlacement.None, false) => new[] { "var y = Branch(x);" },
            (SEPlacement.Standard, true) => new[] { "var u = Branch(x);", "// relu(s·u + x): the sum starts from the branch and keeps its memory layout.", "var y = u.mul(Excite(u)).add_(x, HeldScalars.One).relu_();" },
            (SEPlacement.Standard, false) => new[] { "var u = Branch(x);", "var y = u * Excite(u);" },
            (SEPlacement.Pre, _) => new[] { "var y = Branch(x * Excite(x)).add(x, HeldScalars.One).relu_();" },
            (SEPlacement.Post, _) => new[] { "var sum = Branch(x).add(x, HeldScalars.One).relu_();", "var y = sum * Excite(sum);" },
            _ => new[] { "// SE on the identity branch: relu(branch(x) + s·x).", "var y = Branch(x).addcmul(x, Excite(x), HeldScalars.One).relu_();" },
        };
        foreach (string line in body) w.Line(line);
        w.Line("return y.MoveToOuterDisposeScope();")
         .Close()
         .Close();
        return w.ToString();
    }
}
