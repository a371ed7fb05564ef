using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Architectures.Tests.Runtime;
using Microsoft.CodeAnalysis;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;

namespace Architectures.Tests.Generator;

/// <summary>
/// Random declarations from the attribute grammar, valid and invalid (seeded, so a failure replays): the generator never
/// throws, never writes code that does not compile, and every network it accepts has a compile-time parameter count
/// equal to the count of the module TorchSharp builds from the generated code.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private const int Batches = 16;
    private const int DeclarationsPerBatch = 10;

    private const string Header = """
        using Architectures;
        namespace Demo;
        [Excitation(Reduction = 4, Divisor = 8, Gate = Gate.HardSigmoid)] public partial class V1;
        [Excitation(Kind = ExcitationKind.ECA)] public partial class V2;

        """;

    [Fact]
    public void RandomDeclarationsNeverBreakTheBuildAndCountWhatTheyBuild()
    {
        TorchSetup.Once();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var accepted = new List<string>();
        int declarations = 0, withErrors = 0;
        for (int seed = 1; seed <= Batches; seed++)
        {
            var random = new Random(seed);
            var lines = Enumerable.Range(0, DeclarationsPerBatch).Select(i => new Grammar(random).Declaration($"N{seed}_{i}")).ToList();
            string source = Header + string.Join("\n", lines) + "\n";
            var (run, diagnostics, _) = CheckSeed(seed, source);
            int headerLines = Header.Split('\n').Length - 1;
            for (int i = 0; i < lines.Count; i++)
            {
                declarations++;
                string name = $"N{seed}_{i}";
                bool failed = diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Location.GetLineSpan().StartLinePosition.Line == headerLines + i);
                bool written = run.GeneratedSources.Any(s => s.HintName == $"Demo.{name}.g.cs");
                Assert.False(failed && written, $"seed {seed}: {name} has an error but was written:\n{lines[i]}");
                if (failed) withErrors++;
                else if (written) accepted.Add(lines[i]);
            }
        }
        output.WriteLine($"{declarations} declarations, {withErrors} rejected with an error, {accepted.Count} generated");
        Assert.InRange(withErrors, declarations / 10, declarations - declarations / 10); // both kinds are exercised

        // Every accepted declaration, compiled together and built: the constant equals TorchSharp's count.
        var assembly = GeneratorHarness.Load(Header + string.Join("\n", accepted));
        int compared = 0;
        output.WriteLine($"generated and checked in {watch.Elapsed.TotalSeconds:0.0} s");
        // Variants are checked by the networks that use them; networks and blocks here.
        var built = assembly.GetTypes().Where(t => t.Namespace == "Demo" && t.Name.StartsWith('N') && t.GetField("SEParameterCount") is not null).ToList();
        foreach (Type type in built)
        {
            string constant = type.GetField("ParameterCount") is not null ? "ParameterCount" : "SEParameterCount";
            long expected = (long)type.GetField(constant)!.GetRawConstantValue()!;
            using var module = (torch.nn.Module)Activator.CreateInstance(type)!;
            long counted = module.parameters().Sum(p => p.numel());
            Assert.True(expected == counted, $"{type.Name}: {constant} {expected:N0}, TorchSharp counts {counted:N0}\n{accepted.Single(l => l.Contains($" class {type.Name}"))}");
            compared++;
        }
        Assert.Equal(accepted.Count(l => !l.StartsWith("[Excitation")), compared);
        output.WriteLine($"{compared} modules built and counted; {watch.Elapsed.TotalSeconds:0.0} s in all");
    }

    private (GeneratorRunResult Run, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<Diagnostic> Compilation) CheckSeed(int seed, string source)
    {
        try
        {
            return RobustnessTests.Check(source);
        }
        catch (Exception)
        {
            output.WriteLine($"seed {seed}:\n{source}");
            throw;
        }
    }

    /// <summary>Writes one declaration: mostly valid small networks, with a share of invalid or odd arguments.</summary>
    private sealed class Grammar(Random random)
    {
        private readonly Random _random = random;

        private bool Chance(double p) => _random.NextDouble() < p;

        private T Pick<T>(params T[] items) => items[_random.Next(items.Length)];

        /// <summary>A small valid value most of the time, else something a user could still type.</summary>
        private string Int(params int[] valid) =>
            Chance(0.95) ? Pick(valid).ToString() : Pick("0", "-1", "3", "7", "100000", "int.MaxValue", "int.MinValue");

        private string Ints(int count, params int[] valid) => string.Join(", ", Enumerable.Range(0, count).Select(_ => Int(valid)));

        public string Declaration(string name)
        {
            // The scaling knobs draw from their own stream, so adding them left every other seed's declarations as they were.
            var scalingRandom = new Random(name.Aggregate(17, (h, c) => h * 31 + c));
            string PickScaling(params string[] items) => items[scalingRandom.Next(items.Length)];
            var attributes = new List<string>();
            string family = Pick("ResNet", "ResNet", "MobileNetV3", "MobileNetV2", "EfficientNet", "RegNet", "CustomBlock", "Excitation");
            int stages = _random.Next(Chance(0.05) ? 0 : 1, 4);
            switch (family)
            {
                case "ResNet":
                    string block = Pick("Block.Basic", "Block.Bottleneck");
                    var named = new List<string>();
                    if (Chance(0.9)) named.Add($"Widths = new[] {{ {Ints(Chance(0.95) ? stages : stages + 1, 8, 16, 32)} }}");
                    if (Chance(0.7)) named.Add("Stem = Stem.SmallImage");
                    if (Chance(0.5)) named.Add($"InputSize = {Int(16, 32, 28)}");
                    if (Chance(0.5)) named.Add($"Classes = {Int(10, 2)}");
                    if (Chance(0.2)) named.Add($"InputChannels = {Int(1, 3)}");
                    if (block == "Block.Bottleneck" && Chance(0.3)) named.Add($"Cardinality = {Int(2, 4)}");
                    if (block == "Block.Bottleneck" && Chance(0.3)) named.Add($"BaseWidth = {Int(16, 32, 64)}");
                    if (Chance(0.2)) named.Add("StrideOn = StrideOn.FirstConv1x1");
                    attributes.Add($"[ResNet({string.Join(", ", new[] { block, Ints(stages, 1, 2) }.Concat(named).Where(s => s.Length > 0))})]");
                    AddSE(attributes, stages, allowStages: true);
                    break;
                case "MobileNetV3":
                    attributes.Add($"[MobileNetV3(Classes = {Int(10)}, InputSize = {Int(32)}, LastChannel = {Int(64)})]");
                    bool v3SE = Chance(0.6);
                    if (v3SE) attributes.Add($"[SEBlock(Reduction = {Int(4)}, Divisor = {Int(8)})]");
                    for (int i = 0; i < stages; i++)
                        attributes.Add($"[InvertedResidual({Int(3, 5)}, {Int(16, 32)}, {Int(8, 16)}, {Int(1, 2)}{(v3SE || Chance(0.1) ? ", SE = true" : "")}, Activation = Activation.{Pick("ReLU", "HardSwish")})]");
                    break;
                case "MobileNetV2":
                case "EfficientNet":
                    string head = family == "EfficientNet" ? $"HeadChannels = {Int(64)}" : $"LastChannel = {Int(64)}";
                    string dropout = Chance(0.9) ? "0.2" : Pick("double.NaN", "1.5", "-0.1");
                    string scaling = family == "EfficientNet" && scalingRandom.NextDouble() < 0.4
                        ? $", WidthMultiplier = {PickScaling("0.25", "0.5", "1.1", "0.0", "double.NaN")}, DepthMultiplier = {PickScaling("0.5", "1.2", "-1.0")}" : "";
                    attributes.Add($"[{family}(Classes = {Int(10)}, InputSize = {Int(32)}, StemChannels = {Int(8, 16)}, {head}, Dropout = {dropout}{scaling})]");
                    if (Chance(0.5)) attributes.Add(family == "EfficientNet" && Chance(0.7)
                        ? $"[SEBlock(Reduction = {Int(4)}, Reference = ReferenceWidth.BlockInput)]" : $"[SEBlock(Reduction = {Int(4, 8)})]");
                    for (int i = 0; i < stages; i++) attributes.Add($"[MBConvStage({Int(1, 4, 6)}, {Int(3, 5)}, {Int(1, 2)}, {Int(8, 16)}, {Int(1, 2)})]");
                    break;
                case "RegNet":
                    int group = Pick(8, 16);
                    string listed = $"[RegNet({Ints(stages, 1, 2)}, Widths = new[] {{ {Ints(stages, 16, 32, 48)} }}, GroupWidth = {Int(group)}, Classes = {Int(10)}, InputSize = {Int(32)})]";
                    attributes.Add(scalingRandom.NextDouble() < 0.7 ? listed
                        // Generated from the quantised-linear parameters (torchvision's BlockParams), small enough to build.
                        : $"[RegNet(Depth = {PickScaling("3", "5", "0")}, InitialWidth = {PickScaling("8", "16", "12")}, WidthSlope = {PickScaling("4.5", "12.25", "-1.0")}, " +
                          $"WidthMultiplier = {PickScaling("2.0", "1.5", "1.0")}, GroupWidth = {group}, BottleneckMultiplier = {PickScaling("1.0", "0.5", "0.0")}, Classes = 10, InputSize = 32)]");
                    AddSE(attributes, stages, allowStages: false);
                    break;
                case "CustomBlock":
                    attributes.Add($"[CustomBlock(Channels = {Int(8, 16)}{(Chance(0.2) ? ", Residual = false" : "")})]");
                    if (Chance(0.7)) attributes.Add($"[SEBlock(Reduction = {Int(2, 4)}, Placement = SEPlacement.{Pick("Standard", "Pre", "Post", "Identity")})]");
                    break;
                default:
                    attributes.Add($"[Excitation(Reduction = {Int(2, 4)}, Gate = Gate.{Pick("Sigmoid", "Tanh", "HardSigmoid")})]");
                    break;
            }
            if (Chance(0.05)) attributes.Add(Pick("[ExpectParameters(1)]", "[Excitation]", "[ResNet(Block.Basic, 1)]", "[MBConvStage(1, 3, 1, 8, 1)]", "[SEBlock(Stages = new int[0])]"));
            string modifiers = Chance(0.96) ? "public partial class" : Pick("public class", "public partial record", "public static partial class", "public abstract partial class");
            string body = family == "CustomBlock" ? " { private partial TorchSharp.torch.Tensor Branch(TorchSharp.torch.Tensor x) => x; }"
                : Chance(0.03) ? Pick(" { private int fc; }", " { public const long ParameterCount = 0; }", "(int seed);") : ";";
            if (body == ";" || body.StartsWith('(')) return string.Concat(attributes) + $" {modifiers} {name}{body}";
            return string.Concat(attributes) + $" {modifiers} {name}{body}";
        }

        private void AddSE(List<string> attributes, int stages, bool allowStages)
        {
            if (Chance(0.4)) return;
            var knobs = new List<string>();
            string kind = Pick("SqueezeExcitation", "SqueezeExcitation", "EffectiveSE", "ECA", "CircularECA", "CbamChannel", "GatherExcite", "NoSqueeze", "CoordinateAttention");
            bool hidden = kind is "SqueezeExcitation" or "CbamChannel" or "NoSqueeze" or "CoordinateAttention";
            if (Chance(0.15)) knobs.Add($"Variant = typeof({Pick("V1", "V2", "string")})");
            else
            {
                if (kind != "SqueezeExcitation" || Chance(0.2)) knobs.Add($"Kind = ExcitationKind.{kind}");
                if (hidden && Chance(0.6)) knobs.Add($"Reduction = {Int(2, 4, 8)}");
                if (hidden && Chance(0.2)) knobs.Add($"Divisor = {Int(8)}");
                if (hidden && Chance(0.1)) knobs.Add($"Divisor = 8, RoundLimit = {Pick("0.9", "double.NaN", "2.0")}");
                if (Chance(0.2)) knobs.Add($"Gate = Gate.{Pick("Sigmoid", "Tanh", "ReLU", "HardSigmoid")}");
                if (kind is "SqueezeExcitation" && Chance(0.2)) knobs.Add($"Squeeze = Squeeze.{Pick("Max", "AverageAndMax")}");
            }
            if (allowStages && Chance(0.3)) knobs.Add($"Placement = SEPlacement.{Pick("Pre", "Post", "Identity", "AfterConv3x3", "None")}");
            if (allowStages && stages > 0 && Chance(0.2)) knobs.Add($"Stages = new[] {{ {Int(Enumerable.Range(1, stages).ToArray())} }}");
            attributes.Add($"[SEBlock({string.Join(", ", knobs)})]");
            if (allowStages && stages > 0 && Chance(0.15)) attributes.Add($"[SEBlock(Stage = {Int(Enumerable.Range(1, stages).ToArray())}, Reduction = {Int(2, 4)})]");
        }
    }
}
