using System;
using System.Linq;
using Architectures.Tests.Generator;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Architectures.Tests.Runtime;

/// <summary>Custom blocks run the user's Branch as written: its output is never modified in place.</summary>
public class CustomBlockTests
{
    public CustomBlockTests() => TorchSetup.Once();

    private const string Blocks = """
        using Architectures;
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;
        namespace Demo;

        [CustomBlock(Channels = 4)] [SEBlock(Reduction = 2, Placement = SEPlacement.Post)]
        public partial class PassThrough { private partial Tensor Branch(Tensor x) => x; }

        [CustomBlock(Channels = 4)]
        public partial class PlainPassThrough { private partial Tensor Branch(Tensor x) => x; }

        [CustomBlock(Channels = 4)] [SEBlock(Reduction = 2, Placement = SEPlacement.Identity)]
        public partial class ReluBranch
        {
            private readonly TorchSharp.Modules.Conv2d conv = Conv2d(4, 4, kernel_size: 3, padding: 1);
            private partial Tensor Branch(Tensor x) => conv.call(x).relu();
        }

        [CustomBlock(Channels = 4)] [SEBlock(Reduction = 2, Placement = SEPlacement.Pre)]
        public partial class ReluBranchPre
        {
            private readonly TorchSharp.Modules.Conv2d conv = Conv2d(4, 4, kernel_size: 3, padding: 1);
            private partial Tensor Branch(Tensor x) => conv.call(x).relu();
        }
        """;

    private static readonly Lazy<System.Reflection.Assembly> Compiled = new(() => GeneratorHarness.Load(Blocks));

    private static nn.Module<Tensor, Tensor> Create(string name) =>
        (nn.Module<Tensor, Tensor>)Activator.CreateInstance(Compiled.Value.GetType("Demo." + name)!)!;

    [Theory]
    [InlineData("PassThrough")]
    [InlineData("PlainPassThrough")]
    public void AnIdentityBranchLeavesTheInputUntouched(string name)
    {
        using var block = Create(name);
        using var x = ones(1, 4, 2, 2);
        using var y = block.call(x);
        Assert.Equal(16f, x.sum().item<float>());
        Assert.True(y.sum().item<float>() > 0);
    }

    [Theory]
    [InlineData("ReluBranch")]
    [InlineData("ReluBranchPre")]
    [InlineData("PassThrough")]
    public void ABranchEndingInAReLUTrains(string name)
    {
        using var block = Create(name);
        using var x = randn(2, 4, 5, 5, requires_grad: true);
        using var loss = block.call(x).square().mean();
        loss.backward();
        Assert.True(x.grad is not null && x.grad.isfinite().all().item<bool>());
        Assert.All(block.parameters(), p => Assert.NotNull(p.grad));
    }
}
