using System;
using System.Linq;
using System.Reflection;
using Architectures.Modules;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Architectures.Tests.Runtime;

/// <summary>
/// The excitation-kind table (shared by the generator and the runtime) against the runtime modules it names: what the
/// generator writes from a row must be a constructor call that exists, and its counts must be the module's.
/// </summary>
public class ExcitationKindTableTests
{
    public ExcitationKindTableTests() => TorchSetup.Once();

    public static TheoryData<ExcitationKind> Kinds() => new(Enum.GetValues<ExcitationKind>());

    [Fact]
    public void EveryKindHasExactlyOneRowInEnumOrder()
    {
        Assert.Equal(Enum.GetValues<ExcitationKind>(), ExcitationKinds.All.Select(r => r.Kind));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExcitationKinds.Of((ExcitationKind)99));
    }

    /// <summary>The row's arguments are exactly what the runtime constructor takes (beyond those left at defaults), with its defaults.</summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void RowArgumentsMatchTheRuntimeConstructor(ExcitationKind kind)
    {
        ExcitationKindInfo row = ExcitationKinds.Of(kind);
        Type? module = typeof(IExcitation).Assembly.GetType("Architectures.Modules." + row.RuntimeClass);
        Assert.NotNull(module);
        Assert.True(typeof(IExcitation).IsAssignableFrom(module), $"{row.RuntimeClass} is not an IExcitation");
        ParameterInfo[] parameters = module!.GetConstructors().Single().GetParameters();
        string[] names = parameters.Select(p => p.Name!).ToArray();
        foreach (ExcitationArguments argument in Enum.GetValues<ExcitationArguments>().Where(a => a != ExcitationArguments.None))
        {
            string name = char.ToLowerInvariant(argument.ToString()[0]) + argument.ToString().Substring(1);
            bool written = row.Takes(argument) || (argument == ExcitationArguments.Squeeze && row.FixedSqueeze is not null);
            if (written) Assert.Contains(name, names);
            else if (names.Contains(name)) Assert.True(parameters.Single(p => p.Name == name).HasDefaultValue, $"{kind} leaves {name} out but it has no default");
        }
        Assert.All(parameters.Where(p => !p.HasDefaultValue), p => Assert.True(
            p.Name == "channels" ? row.Takes(ExcitationArguments.Channels) : p.Name == "reducedChannels" ? row.Takes(ExcitationArguments.ReducedChannels)
            : p.Name == "kernelSize" && row.Takes(ExcitationArguments.KernelSize), $"{kind}: required {p.Name} is not in the row"));
        if (row.Takes(ExcitationArguments.Bias)) Assert.Equal(row.ModuleBias, parameters.Single(p => p.Name == "bias").DefaultValue);
        if (row.Takes(ExcitationArguments.Activation)) Assert.Equal(row.ModuleActivation, parameters.Single(p => p.Name == "activation").DefaultValue);
    }

    /// <summary>The row's parameter formula equals TorchSharp's count of the module built the way the generator builds it.</summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void ParameterFormulaCountsTheModule(ExcitationKind kind)
    {
        ExcitationKindInfo row = ExcitationKinds.Of(kind);
        foreach (bool bias in row.Takes(ExcitationArguments.Bias) ? new[] { true, false } : new[] { false })
        {
            const long channels = 96;
            long hidden = row.HiddenChannels(channels, reduction: 4, reducedChannels: 0, divisor: 0, roundLimit: 0.9, minChannels: 0, Rounding.Floor);
            Assert.Equal(!row.HasHiddenLayer ? 0 : row.HiddenFactor is { } f ? (long)(channels / 4.0 * f) : channels / 4, hidden);
            using var module = Build(row, channels, hidden, bias);
            Assert.Equal(row.Parameters(channels, hidden, bias), module.parameters().Sum(p => p.numel()));
            using var u = randn(2, channels, 5, 5);
            using var s = ((IExcitation)module).Excite(u);
            Assert.Equal(2, s.shape[0]);
        }
    }

    [Theory]
    [InlineData(256, 8)]
    [InlineData(512, 24)]
    [InlineData(1024, 40)]
    [InlineData(2048, 88)]
    public void CoordinateAttentionHiddenWidthIsTimms(long channels, long expected) =>
        // timm's CoordAttn: make_divisible(C · (1/r) · 2/3, 8, round_limit 0) with r = 16 (the kind's defaults).
        Assert.Equal(expected, ExcitationKinds.Of(ExcitationKind.CoordinateAttention)
            .HiddenChannels(channels, reduction: 16, reducedChannels: 0, divisor: 8, roundLimit: 0, minChannels: 0, Rounding.Floor));

    [Theory]
    [InlineData(64, 3)]
    [InlineData(256, 5)]
    [InlineData(2048, 7)]
    public void EcaKernelIsTimms(long channels, int kernel) => Assert.Equal(kernel, ExcitationKinds.EcaKernelSize(channels));

    private static nn.Module<Tensor, Tensor> Build(ExcitationKindInfo row, long channels, long hidden, bool bias)
    {
        Type module = typeof(IExcitation).Assembly.GetType("Architectures.Modules." + row.RuntimeClass)!;
        ConstructorInfo constructor = module.GetConstructors().Single();
        object?[] arguments = constructor.GetParameters().Select(p => p.Name switch
        {
            "channels" => channels,
            "reducedChannels" => hidden,
            "kernelSize" => (object)(long)ExcitationKinds.EcaKernelSize(channels),
            "circular" => row.Takes(ExcitationArguments.Circular),
            "squeeze" => row.FixedSqueeze ?? Squeeze.Average,
            "bias" => bias,
            _ => p.DefaultValue,
        }).ToArray();
        return (nn.Module<Tensor, Tensor>)constructor.Invoke(arguments);
    }
}
