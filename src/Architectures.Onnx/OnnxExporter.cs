using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Architectures.Modules;
using Architectures.Reporting;
using Architectures.Training;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Architectures.Onnx;

/// <summary>A network (or one of its modules) that the ONNX exporter cannot express; the message names the module path.</summary>
public sealed class OnnxExportException(string message) : Exception(message);

/// <summary>
/// Writes a declared network as an ONNX model (opset <see cref="Opset"/>): input <c>input</c> [batch, C, H, W],
/// output <c>logits</c> [batch, classes]; batch, height and width symbolic (the declared side is in the metadata,
/// key <c>input_size</c>). The graph is read from the network's structure: the module tree the
/// generator emits (its children in declaration order, the runtime units' documented forwards), not from tracing.
/// Every batch norm that follows a convolution is folded into it (exact: the running statistics are constants in
/// eval mode; folded in float64, then rounded once to float32). Dropout and stochastic depth are the identity.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ONNX operator set the graphs use (HardSwish needs 14; ReduceMean still takes attributes at 17).</summary>
    public const int Opset = 17;

    /// <summary>ONNX IR version 8 (onnx 1.12's), which ONNX Runtime 1.32 and onnx 1.12's checker both read.</summary>
    public const long IrVersion = 8;

    public const string InputName = "input";
    public const string OutputName = "logits";

    /// <summary>Metadata key of the declared input side (the graph's height and width are symbolic).</summary>
    public const string InputSizeKey = "input_size";

    /// <summary>Builds the ONNX model of <paramref name="network"/> (its current weights and statistics).</summary>
    public static ModelProto Build(nn.Module<Tensor, Tensor> network, ArchitectureReport report)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(report);
        var graph = new OnnxGraph(report.Name);
        using (torch.no_grad())
        {
            string logits = new Walker(graph).Network(network, report.Name);
            // The last node (the classifier's Gemm) writes the graph's output under its public name.
            var last = graph.Proto.Node[^1];
            if (last.Output[0] != logits) throw new InvalidOperationException("the graph's last node does not produce the logits");
            last.Output[0] = OutputName;
        }
        // Batch, height and width are symbolic: the graph has no size-dependent node (global pooling before the classifier).
        graph.Proto.Input.Add(OnnxGraph.Value(InputName, "batch", (long)report.InputChannels, "height", "width"));
        graph.Proto.Output.Add(OnnxGraph.Value(OutputName, "batch", (long)report.Classes));
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Architectures",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "",
            DocString = $"{report.Name}: {report.Description}",
            Graph = graph.Proto,
        };
        model.MetadataProps.Add(new StringStringEntryProto { Key = InputSizeKey, Value = report.InputSize.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "architecture", Value = report.Name });
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    /// <summary>Writes <paramref name="network"/> as an ONNX file at <paramref name="path"/> (atomically).</summary>
    public static void Export(nn.Module<Tensor, Tensor> network, ArchitectureReport report, string path)
    {
        var model = Build(network, report);
        AtomicFile.Write(path, stream => model.WriteTo(stream));
    }

    /// <summary>
    /// Throws unless <paramref name="network"/>'s top-level children are a generated family's layout (whose forward the
    /// exporters know); returns true for the ResNet layout (its stem's ReLU has no module of its own).
    /// </summary>
    internal static bool CheckLayout(nn.Module network, string name)
    {
        var names = network.named_children().Select(c => c.name).ToArray();
        if (network.GetType().GetCustomAttributes().Any(a => a.GetType().Name == "CustomBlockAttribute"))
            throw new OnnxExportException(
                $"{name} is a [CustomBlock]: its branch is hand-written C# (Branch), which the exporters cannot read; " +
                "export a network declared with a generated family (ResNet, MobileNetV2/V3, EfficientNet, RegNet)");
        bool resNet = names.Length >= 4 && names[0] == "conv1" && names[1] == "bn1" && names[^1] == "fc" &&
                      names[2..^1].All(n => n == "maxpool" || n.StartsWith("layer", StringComparison.Ordinal));
        bool mobile = names.SequenceEqual(new[] { "features", "classifier" });
        bool regNet = names.SequenceEqual(new[] { "stem", "trunk_output", "fc" });
        if (!resNet && !mobile && !regNet)
            throw new OnnxExportException(
                $"{name}: children ({string.Join(", ", names)}) are not a generated ResNet, MobileNet/EfficientNet or RegNet layout, " +
                "so the exporters cannot read its forward");
        return resNet;
    }

    /// <summary>Translates modules into graph nodes; each method takes the input value's name and returns the output's.</summary>
    private sealed class Walker(OnnxGraph graph)
    {
        /// <summary>Whether the global mean before the classifier has been emitted (the map is then [N, C]).</summary>
        private bool flattened;

        public string Network(nn.Module<Tensor, Tensor> network, string name)
        {
            var children = network.named_children().ToList();
            bool resNet = CheckLayout(network, name);
            // Every generated family runs its children in order; the ResNet stem has no ReLU module of its own (the
            // generated forward applies relu_ after bn1), and a global mean precedes the first Linear (Sequence).
            string x = OnnxExporter.InputName;
            x = Sequence(children, "", x, reluAfter: resNet ? "bn1" : null);
            return x;
        }

        /// <summary>Children run one after another; a convolution followed by its batch norm becomes one folded Conv.</summary>
        private string Sequence(IReadOnlyList<(string name, nn.Module module)> children, string prefix, string x, string? reluAfter = null)
        {
            for (int i = 0; i < children.Count; i++)
            {
                var (name, module) = children[i];
                string path = Join(prefix, name);
                if (module is Conv2d conv && i + 1 < children.Count && children[i + 1].module is BatchNorm norm)
                {
                    x = Convolution(conv, norm, path, x);
                    i++;
                    if (children[i].name == reluAfter) x = graph.Node("Relu", Join(prefix, "relu"), x);
                    continue;
                }
                x = Module(module, path, x);
                if (name == reluAfter) x = graph.Node("Relu", Join(prefix, "relu"), x);
            }
            return x;
        }

        private string Module(nn.Module module, string path, string x)
        {
            switch (module)
            {
                case Sequential sequential:
                    return Sequence(sequential.named_children().ToList(), path, x);
                case Conv2d conv:
                    return Convolution(conv, null, path, x);
                case BatchNorm norm:
                    return BatchNormalization(norm, path, x);
                case Linear linear:
                    if (!flattened)
                    {
                        // The generated forwards squeeze with a mean over H, W before the classifier.
                        x = graph.Node("GlobalAveragePool", Join(path, "pool"), x);
                        x = graph.Node("Flatten", Join(path, "flatten"), x, OnnxGraph.Int("axis", 1));
                        flattened = true;
                    }
                    return Gemm(linear, path, x);
                case TorchSharp.Modules.Dropout:
                case TorchSharp.Modules.Identity:
                    return x;
                case AvgPool2d pool:
                    return AveragePool(pool, path, x);
                case MaxPool2d pool:
                    return MaxPool(pool, path, x);
                case TorchSharp.Modules.ReLU:
                    return Activation(Architectures.Activation.ReLU, path, x);
                case TorchSharp.Modules.ReLU6:
                    return Activation(Architectures.Activation.ReLU6, path, x);
                case TorchSharp.Modules.SiLU:
                    return Activation(Architectures.Activation.SiLU, path, x);
                case TorchSharp.Modules.Hardswish:
                    return Activation(Architectures.Activation.HardSwish, path, x);
                case TorchSharp.Modules.GELU:
                    return Activation(Architectures.Activation.GELU, path, x);
                case ResidualUnit unit:
                    return Residual(unit, path, x);
                case InvertedResidual inverted:
                {
                    var (layersName, layers) = inverted.named_children().Single();
                    string y = Module(layers, Join(path, layersName), x);
                    return inverted.Residual ? graph.Node("Add", Join(path, "add"), new[] { y, x }) : y;
                }
                case ResBottleneckBlock block:
                {
                    var children = Children(block);
                    string y = Module(children["f"], Join(path, "f"), x);
                    string shortcut = children.TryGetValue("proj", out var proj) ? Module(proj, Join(path, "proj"), x) : x;
                    return graph.Node("Relu", Join(path, "relu"), graph.Node("Add", Join(path, "add"), new[] { y, shortcut }));
                }
                case BottleneckTransform transform:
                    return Sequence(transform.named_children().ToList(), path, x);
                case IExcitation:
                    // An excitation standing alone in a sequence scales its input: x̃ = s · x.
                    return graph.Node("Mul", Join(path, "scale"), new[] { x, Excitation(module, path, x) });
                default:
                    throw new OnnxExportException(
                        $"module {path} ({module.GetType().Name}) has no ONNX translation; the exporter knows the generated families' " +
                        "layers (convolutions, batch norm, activations, pooling, linear), residual and inverted-residual units and the SE family");
            }
        }

        /// <summary>ResidualUnit's forward with every SE placement (see <see cref="ResidualUnit"/>).</summary>
        private string Residual(ResidualUnit unit, string path, string x)
        {
            var c = Children(unit);
            bool bottleneck = c.ContainsKey("conv3");
            c.TryGetValue("se", out var se);
            string Excite(string u) => Excitation(se!, Join(path, "se"), u);
            string Scale(string u, string s, string hint) => graph.Node("Mul", Join(path, hint), new[] { u, s });

            string shortcut = c.TryGetValue("downsample", out var downsample) ? Module(downsample, Join(path, "downsample"), x) : x;
            string input = unit.Placement == SEPlacement.Pre ? Scale(x, Excite(x), "se_scale") : x;

            string y = Relu(Convolution((Conv2d)c["conv1"], (BatchNorm)c["bn1"], Join(path, "conv1"), input), path);
            string u;
            if (bottleneck)
            {
                y = Relu(Convolution((Conv2d)c["conv2"], (BatchNorm)c["bn2"], Join(path, "conv2"), y), path);
                if (unit.Placement == SEPlacement.AfterConv3x3) y = Scale(y, Excite(y), "se_scale");
                u = Convolution((Conv2d)c["conv3"], (BatchNorm)c["bn3"], Join(path, "conv3"), y);
            }
            else
            {
                u = Convolution((Conv2d)c["conv2"], (BatchNorm)c["bn2"], Join(path, "conv2"), y);
            }

            switch (unit.Placement)
            {
                case SEPlacement.Standard:
                    u = Scale(u, Excite(u), "se_scale");
                    break;
                case SEPlacement.Identity:
                    shortcut = Scale(shortcut, Excite(shortcut), "se_scale");
                    break;
            }
            string output = Relu(graph.Node("Add", Join(path, "add"), new[] { u, shortcut }), path);
            if (unit.Placement == SEPlacement.Post) output = Scale(output, Excite(output), "se_scale");
            return output;
        }

        /// <summary>The gate s of any member of the SE family for the map u ([N, C, 1, 1], or u's shape for NoSqueeze).</summary>
        private string Excitation(nn.Module module, string path, string u)
        {
            var c = Children(module);
            switch (module)
            {
                case SqueezeExcitation se:
                {
                    var fc1 = (Conv2d)c["fc1"];
                    var fc2 = (Conv2d)c["fc2"];
                    string Logits(string z) =>
                        Convolution(fc2, null, Join(path, "fc2"), Activation(se.ActivationKind, Join(path, "act"), Convolution(fc1, null, Join(path, "fc1"), z)));
                    string logits = se.SqueezeKind switch
                    {
                        Squeeze.Average => Logits(graph.Node("GlobalAveragePool", Join(path, "squeeze"), u)),
                        Squeeze.Max => Logits(graph.Node("GlobalMaxPool", Join(path, "squeeze"), u)),
                        _ => graph.Node("Add", Join(path, "sum"), new[]
                        {
                            Logits(graph.Node("GlobalAveragePool", Join(path, "squeeze_avg"), u)),
                            Logits(graph.Node("GlobalMaxPool", Join(path, "squeeze_max"), u)),
                        }),
                    };
                    return Gate(se.GateKind, path, logits);
                }
                case EffectiveSqueezeExcitation ese:
                    return Gate(ese.GateKind, path, Convolution((Conv2d)c["fc"], null, Join(path, "fc"), graph.Node("GlobalAveragePool", Join(path, "squeeze"), u)));
                case GatherExcite ge:
                    return Gate(ge.GateKind, path, graph.Node("GlobalAveragePool", Join(path, "squeeze"), u));
                case NoSqueezeExcitation ns:
                {
                    string hidden = Activation(ns.ActivationKind, Join(path, "act"), Convolution((Conv2d)c["fc1"], null, Join(path, "fc1"), u));
                    return Gate(ns.GateKind, path, Convolution((Conv2d)c["fc2"], null, Join(path, "fc2"), hidden));
                }
                case EfficientChannelAttention eca:
                {
                    // [N, C, 1, 1] → [N, 1, C], a 1-D convolution across channels, back to [N, C, 1, 1].
                    var conv = (Conv1d)c["conv"];
                    long kernel = conv.weight!.shape[2], pad = (kernel - 1) / 2;
                    string z = graph.Node("GlobalAveragePool", Join(path, "squeeze"), u);
                    z = graph.Node("Reshape", Join(path, "row"), new[] { z, graph.Int64s(Join(path, "row_shape"), 0, 1, -1) });
                    if (eca.Circular && pad > 0)
                    {
                        // Circular padding (opset 17's Pad has no wrap mode): the last p channels, the row, the first p.
                        string head = graph.Node("Slice", Join(path, "wrap_head"), new[] { z, graph.Int64s(Join(path, "s"), -pad), graph.Int64s(Join(path, "e"), long.MaxValue), graph.Int64s(Join(path, "a"), 2) });
                        string tail = graph.Node("Slice", Join(path, "wrap_tail"), new[] { z, graph.Int64s(Join(path, "s"), 0), graph.Int64s(Join(path, "e"), pad), graph.Int64s(Join(path, "a"), 2) });
                        z = graph.Node("Concat", Join(path, "wrapped"), new[] { head, z, tail }, OnnxGraph.Int("axis", 2));
                    }
                    long convPad = eca.Circular ? 0 : pad;
                    string y = graph.Node("Conv", Join(path, "conv"), new[] { z, graph.Initializer(Join(path, "conv.weight"), conv.weight!) },
                        OnnxGraph.Ints("kernel_shape", new[] { kernel }), OnnxGraph.Ints("pads", new[] { convPad, convPad }));
                    y = Gate(eca.GateKind, path, y);
                    return graph.Node("Reshape", Join(path, "gate_shape"), new[] { y, graph.Int64s(Join(path, "column_shape"), 0, -1, 1, 1) });
                }
                case CoordinateAttention ca:
                {
                    // Row strip [N, C, H, 1] and column strip [N, C, W, 1] through one shared 1×1 encoder (BN folded),
                    // split back at H (read from the input's shape: H and W are symbolic), one gate per direction;
                    // their product broadcasts to [N, C, H, W].
                    string rows = graph.Node("ReduceMean", Join(path, "rows"), u, OnnxGraph.Ints("axes", new long[] { 3 }), OnnxGraph.Int("keepdims", 1));
                    string columns = graph.Node("Transpose", Join(path, "columns"),
                        graph.Node("ReduceMean", Join(path, "column_mean"), u, OnnxGraph.Ints("axes", new long[] { 2 }), OnnxGraph.Int("keepdims", 1)),
                        OnnxGraph.Ints("perm", new long[] { 0, 1, 3, 2 }));
                    string strips = graph.Node("Concat", Join(path, "strips"), new[] { rows, columns }, OnnxGraph.Int("axis", 2));
                    string encoded = Activation(ca.ActivationKind, Join(path, "act"),
                        Convolution((Conv2d)c["conv1"], (BatchNorm)c["bn1"], Join(path, "conv1"), strips));
                    string height = graph.Node("Shape", Join(path, "height"), u, OnnxGraph.Int("start", 2), OnnxGraph.Int("end", 3));
                    string axis = graph.Int64s(Join(path, "axis"), 2);
                    string rowStrip = graph.Node("Slice", Join(path, "row_strip"), new[] { encoded, graph.Int64s(Join(path, "zero"), 0), height, axis });
                    string columnStrip = graph.Node("Transpose", Join(path, "column_strip"),
                        graph.Node("Slice", Join(path, "column_slice"), new[] { encoded, height, graph.Int64s(Join(path, "end"), long.MaxValue), axis }),
                        OnnxGraph.Ints("perm", new long[] { 0, 1, 3, 2 }));
                    string rowGate = Gate(ca.GateKind, Join(path, "h"), Convolution((Conv2d)c["conv_h"], null, Join(path, "conv_h"), rowStrip));
                    string columnGate = Gate(ca.GateKind, Join(path, "w"), Convolution((Conv2d)c["conv_w"], null, Join(path, "conv_w"), columnStrip));
                    return graph.Node("Mul", Join(path, "gate"), new[] { rowGate, columnGate });
                }
                default:
                    throw new OnnxExportException($"excitation {path} ({module.GetType().Name}) has no ONNX translation");
            }
        }

        private string Convolution(Conv2d conv, BatchNorm? norm, string path, string x)
        {
            if (conv.padding_mode != PaddingModes.Zeros)
                throw new OnnxExportException($"convolution {path}: padding mode {conv.padding_mode} is not exported (zeros only)");
            Tensor weight = conv.weight!;
            Tensor? bias = conv.bias;
            using var scope = NewDisposeScope();
            if (norm is not null)
            {
                // BN(conv(x)) = conv'(x), W' = W·γ/√(σ²+ε), b' = β + (b − μ)·γ/√(σ²+ε); in float64, rounded once.
                var mean = norm.running_mean ?? throw new OnnxExportException($"batch norm after {path} has no running statistics");
                var variance = norm.running_var!.to(ScalarType.Float64);
                using var eps = norm.eps.ToScalar(); // held through the call (HeldScalars explains)
                var scale = variance.add(eps, HeldScalars.One).rsqrt();
                if (norm.weight is { } gamma) scale = scale * gamma.to(ScalarType.Float64);
                weight = conv.weight!.to(ScalarType.Float64) * scale.view(-1, 1, 1, 1);
                var b = (bias is null ? mean.to(ScalarType.Float64).neg() : bias.to(ScalarType.Float64) - mean.to(ScalarType.Float64)) * scale;
                if (norm.bias is { } beta) b = b.add(beta.to(ScalarType.Float64), HeldScalars.One);
                bias = b;
            }
            long[] kernel = weight.shape[2..];
            long[] padding = conv.padding is { Length: 2 } p ? p : new long[] { 0, 0 };
            var inputs = new List<string> { x, graph.Initializer(path + ".weight", weight) };
            if (bias is not null) inputs.Add(graph.Initializer(path + ".bias", bias));
            return graph.Node("Conv", path, inputs,
                OnnxGraph.Ints("kernel_shape", kernel),
                OnnxGraph.Ints("strides", conv.stride),
                OnnxGraph.Ints("pads", new[] { padding[0], padding[1], padding[0], padding[1] }),
                OnnxGraph.Ints("dilations", conv.dilation is { Length: 2 } d ? d : new long[] { 1, 1 }),
                OnnxGraph.Int("group", conv.groups));
        }

        /// <summary>A batch norm with no convolution before it (none in the generated families; kept for completeness).</summary>
        private string BatchNormalization(BatchNorm norm, string path, string x)
        {
            long channels = norm.running_mean!.shape[0];
            using var scope = NewDisposeScope();
            return graph.Node("BatchNormalization", path, new[]
            {
                x,
                graph.Initializer(path + ".weight", norm.weight ?? ones(channels)),
                graph.Initializer(path + ".bias", norm.bias ?? zeros(channels)),
                graph.Initializer(path + ".running_mean", norm.running_mean!),
                graph.Initializer(path + ".running_var", norm.running_var!),
            }, OnnxGraph.Float("epsilon", (float)norm.eps));
        }

        private string Gemm(Linear linear, string path, string x)
        {
            var inputs = new List<string> { x, graph.Initializer(path + ".weight", linear.weight!) };
            if (linear.bias is not null) inputs.Add(graph.Initializer(path + ".bias", linear.bias));
            return graph.Node("Gemm", path, inputs, OnnxGraph.Int("transB", 1));
        }

        /// <summary>ResNet-D's shortcut pool (ceil mode, padding not counted), as ONNX's AveragePool has both.</summary>
        private string AveragePool(AvgPool2d pool, string path, string x)
        {
            long[] kernel = pool.kernel_size;
            long[] stride = pool.stride ?? kernel;
            long[] padding = pool.padding ?? new long[] { 0, 0 };
            if (pool.divisor_override is not null) throw new OnnxExportException($"average pool {path}: divisor_override is not exported");
            return graph.Node("AveragePool", path, x,
                OnnxGraph.Ints("kernel_shape", kernel), OnnxGraph.Ints("strides", stride),
                OnnxGraph.Ints("pads", new[] { padding[0], padding[1], padding[0], padding[1] }),
                OnnxGraph.Int("ceil_mode", pool.ceil_mode ? 1 : 0), OnnxGraph.Int("count_include_pad", pool.count_include_pad ? 1 : 0));
        }

        private string MaxPool(MaxPool2d pool, string path, string x)
        {
            long[] kernel = pool.kernel_size;
            long[] stride = pool.stride ?? kernel;
            long[] padding = pool.padding ?? new long[] { 0, 0 };
            if (pool.ceil_mode) throw new OnnxExportException($"max pool {path}: ceil_mode is not exported");
            return graph.Node("MaxPool", path, x,
                OnnxGraph.Ints("kernel_shape", kernel), OnnxGraph.Ints("strides", stride),
                OnnxGraph.Ints("pads", new[] { padding[0], padding[1], padding[0], padding[1] }));
        }

        private string Relu(string x, string path) => graph.Node("Relu", Join(path, "relu"), x);

        private string Activation(Activation activation, string path, string x) => activation switch
        {
            Architectures.Activation.ReLU => graph.Node("Relu", path, x),
            Architectures.Activation.ReLU6 => graph.Node("Clip", path, new[] { x, graph.Scalar(path + ".min", 0f), graph.Scalar(path + ".max", 6f) }),
            Architectures.Activation.SiLU => graph.Node("Mul", path, new[] { x, graph.Node("Sigmoid", path + ".sigmoid", x) }),
            Architectures.Activation.HardSwish => graph.Node("HardSwish", path, x),
            // Exact GELU: x·½(1 + erf(x/√2)) (opset 17 has no Gelu).
            Architectures.Activation.GELU => graph.Node("Mul", path, new[]
            {
                x,
                graph.Node("Mul", path + ".half", new[]
                {
                    graph.Node("Add", path + ".one_plus", new[]
                    {
                        graph.Node("Erf", path + ".erf", graph.Node("Mul", path + ".scaled", new[] { x, graph.Scalar(path + ".rsqrt2", (float)(1 / Math.Sqrt(2))) })),
                        graph.Scalar(path + ".one", 1f),
                    }),
                    graph.Scalar(path + ".half_c", 0.5f),
                }),
            }),
            _ => throw new OnnxExportException($"{path}: activation {activation} has no ONNX translation"),
        };

        private string Gate(Gate gate, string path, string x) => gate switch
        {
            Architectures.Gate.Sigmoid => graph.Node("Sigmoid", Join(path, "gate"), x),
            Architectures.Gate.Tanh => graph.Node("Tanh", Join(path, "gate"), x),
            Architectures.Gate.ReLU => graph.Node("Relu", Join(path, "gate"), x),
            // PyTorch's hardsigmoid: relu6(x + 3) / 6 = clip(x/6 + ½, 0, 1).
            Architectures.Gate.HardSigmoid => graph.Node("HardSigmoid", Join(path, "gate"), x,
                OnnxGraph.Float("alpha", 1f / 6), OnnxGraph.Float("beta", 0.5f)),
            _ => throw new OnnxExportException($"{path}: gate {gate} has no ONNX translation"),
        };

        private static Dictionary<string, nn.Module> Children(nn.Module module) =>
            module.named_children().ToDictionary(c => c.name, c => c.module, StringComparer.Ordinal);

        private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
    }
}
