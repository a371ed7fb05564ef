using System;
using System.Linq;
using Architectures.Generators;
using Xunit;

namespace Architectures.Tests.Generator;

/// <summary>The generator reads enum arguments as integers into its own mirrors of the runtime enums: they must agree.</summary>
public class EnumMirrorTests
{
    [Theory]
    [InlineData(typeof(Block), "BlockKind")]
    [InlineData(typeof(Stem), "StemKind")]
    [InlineData(typeof(Shortcut), "ShortcutKind")]
    [InlineData(typeof(StrideOn), "StrideOnKind")]
    [InlineData(typeof(SEPlacement), "Placement")]
    [InlineData(typeof(Squeeze), "SqueezeKind")]
    [InlineData(typeof(Gate), "GateKind")]
    [InlineData(typeof(Activation), "ActivationKind")]
    [InlineData(typeof(ExcitationKind), "ExcitationKind")]
    [InlineData(typeof(ReferenceWidth), "ReferenceKind")]
    [InlineData(typeof(Rounding), "RoundingKind")]
    public void MirrorHasTheSameNamesAndValues(Type runtime, string mirror)
    {
        Type generator = typeof(ArchitectureGenerator).Assembly.GetType("Architectures.Generators.Model." + mirror)!;
        Assert.NotNull(generator);
        var expected = Enum.GetValues(runtime).Cast<object>().Select(v => (Enum.GetName(runtime, v), Convert.ToInt32(v)));
        var actual = Enum.GetValues(generator).Cast<object>().Select(v => (Enum.GetName(generator, v), Convert.ToInt32(v)));
        Assert.Equal(expected, actual);
    }
}
