using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Architectures.Generators.Counting;
using Architectures.Generators.Emit;
using Architectures.Generators.Model;
using Architectures.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace Architectures.Generators;

/// <summary>
/// One network family as the pipeline sees it: the attribute that declares it, the stem of its step names, its
/// parser and its module emitter, and the unit attributes that belong to it.
/// </summary>
/// <remarks>
/// There is no separate plan function: the parser plans the network with the family's counter (it checks the counts
/// against [ExpectParameters] and the like while it still has the attributes to point at) and returns that plan in
/// <see cref="ParseResult.Plan"/>; everything after parsing prints that one plan.
/// </remarks>
internal sealed class NetworkFamily
{
    public NetworkFamily(string attribute, string trackingName, Func<GeneratorAttributeSyntaxContext, CancellationToken, ParseResult> parse,
        Func<NetworkPlan, string> emitModule, params string[] unitAttributes)
    {
        Attribute = attribute;
        TrackingName = trackingName;
        Parse = parse;
        EmitModule = emitModule;
        UnitAttributes = unitAttributes;
    }

    /// <summary>The attribute's metadata name, e.g. "Architectures.ResNetAttribute".</summary>
    public string Attribute { get; }

    /// <summary>The stem of the family's step names (<see cref="TrackingNames.Parsed"/>, <see cref="TrackingNames.Models"/>, …).</summary>
    public string TrackingName { get; }

    /// <summary>Reads, checks and plans one declaration; a valid one comes back with its plan.</summary>
    public Func<GeneratorAttributeSyntaxContext, CancellationToken, ParseResult> Parse { get; }

    /// <summary>Writes the module file from the plan (the report file is the same for every family).</summary>
    public Func<NetworkPlan, string> EmitModule { get; }

    /// <summary>The unit attributes this family reads ([InvertedResidual], [MBConvStage]); elsewhere they are reported as ignored.</summary>
    public IReadOnlyList<string> UnitAttributes { get; }

    /// <summary>The files a declaration of this family becomes, printed from its plan.</summary>
    public IReadOnlyList<(string HintName, string Text)> Files(NetworkPlan plan) => GeneratedFiles.For(plan, EmitModule);
}

/// <summary>
/// Every network family, in pipeline order. The generator registers one parse step and one output per row, gathers
/// every row's plans into the catalog, and counts a class as "a network" when it carries a row's attribute; a new
/// family is its model, parser, counter and emitter plus one row here.
/// </summary>
internal static class NetworkFamilies
{
    private const string InvertedResidualAttribute = "Architectures.InvertedResidualAttribute";
    private const string MBConvStageAttribute = "Architectures.MBConvStageAttribute";

    public static readonly IReadOnlyList<NetworkFamily> All = new NetworkFamily[]
    {
        new(ResNetParser.ResNetAttribute, TrackingNames.ResNets, ResNetParser.Parse, ResNetEmitter.EmitModule),
        new(MobileNetParser.MobileNetV3Attribute, TrackingNames.MobileNetV3s, MobileNetParser.ParseMobileNetV3, MobileNetEmitter.EmitModule,
            InvertedResidualAttribute),
        new(MobileNetParser.MobileNetV2Attribute, TrackingNames.MobileNetV2s, MobileNetParser.ParseMobileNetV2, MobileNetEmitter.EmitModule,
            MBConvStageAttribute),
        new(MobileNetParser.EfficientNetAttribute, TrackingNames.EfficientNets, MobileNetParser.ParseEfficientNet, MobileNetEmitter.EmitModule,
            MBConvStageAttribute),
        new(RegNetParser.RegNetAttribute, TrackingNames.RegNets, RegNetParser.Parse, RegNetEmitter.EmitModule),
    };

    /// <summary>The family declared by <paramref name="attribute"/> (a metadata name), or null when it declares none.</summary>
    public static NetworkFamily? Of(string? attribute) => All.FirstOrDefault(f => f.Attribute == attribute);
}
