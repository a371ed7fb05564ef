using System;
using System.Linq;
using Architectures.Generators;
using Architectures.Generators.Parsing;
using Xunit;

namespace Architectures.Tests.Generator;

/// <summary>The network-family table names real attributes, and every attribute the runtime declares is read by something.</summary>
public class NetworkFamiliesTests
{
    private static readonly System.Reflection.Assembly Runtime = typeof(ResNetAttribute).Assembly;

    [Fact]
    public void EveryRowNamesARuntimeAttributeAndItsOwnStepNames()
    {
        Assert.All(NetworkFamilies.All, family =>
        {
            Assert.True(Runtime.GetType(family.Attribute) is { } type && typeof(Attribute).IsAssignableFrom(type), $"{family.Attribute} is no runtime attribute");
            Assert.All(family.UnitAttributes, unit => Assert.NotNull(Runtime.GetType(unit)));
        });
        Assert.Equal(NetworkFamilies.All.Count, NetworkFamilies.All.Select(f => f.Attribute).Distinct().Count());
        Assert.Equal(TrackingNames.Families.Length, TrackingNames.Families.Distinct().Count());
        Assert.Equal(NetworkFamilies.All.Select(f => f.Attribute), DeclarationChecks.NetworkAttributes);
    }

    [Fact]
    public void EveryRuntimeAttributeIsAFamilyAUnitOrAKnownKnob()
    {
        // What the generator reads besides the families: the excitation knobs, the count assertions and custom blocks.
        string[] others =
        {
            typeof(SEBlockAttribute).FullName!, typeof(ExcitationAttribute).FullName!, typeof(ExpectParametersAttribute).FullName!,
            typeof(ExpectMultiplyAddsAttribute).FullName!, typeof(CustomBlockAttribute).FullName!,
        };
        var read = NetworkFamilies.All.SelectMany(f => f.UnitAttributes.Append(f.Attribute)).Concat(others).ToHashSet();
        var declared = Runtime.GetExportedTypes()
            .Where(t => t.Namespace == "Architectures" && typeof(Attribute).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => t.FullName!);
        Assert.All(declared, name => Assert.True(read.Contains(name), $"{name} is read by no network family (add its row to NetworkFamilies.All)"));
    }
}
