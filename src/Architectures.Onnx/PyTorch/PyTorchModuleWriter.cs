using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Architectures.Modules;
using Architectures.Reporting;
using Architectures.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Architectures.Onnx.PyTorch;

/// <summary>
/// Writes a declared network as a self-contained Python module: the PyTorch units that mirror this library's runtime
/// modules (units.py, embedded), and an <c>nn.Module</c> subclass named after the network whose children are built
/// exactly as the generated TorchSharp module's, so its state_dict keys and shapes are ours (torchvision's and timm's
/// where those exist). Read from the module tree, like <see cref="OnnxExporter"/>; custom blocks are refused.
/// </summary>
public static class PyTorchModuleWriter
{
    /// <summary>The Python source of <paramref name="network"/>'s class (weights not included: save the state_dict beside it).</summary>
    public static string Write(nn.Module<Tensor, Tensor> network, ArchitectureReport report)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(report);
        var children = network.named_children().ToList();
        string[] names = children.Select(c => c.name).ToArray();
        OnnxExporter.CheckLayout(network, report.Name);
        bool resNet = names[0] == "conv1";

        var source = new StringBuilder();
        source.Append(CultureInfo.InvariantCulture, $"""
            # {report.Name}: {report.Description}
            # Written by `arch export --format pytorch` from the declared network's structure; its state_dict keys are the
            # TorchSharp module's. Load the weights written beside it:
            #     model = {report.Name}(); model.load_state_dict(torch.load("{report.Name}.pt"))

            """);
        source.Append(Units);
        source.Append(CultureInfo.InvariantCulture, $"""


            INPUT_CHANNELS = {report.InputChannels}
            INPUT_SIZE = {report.InputSize}
            CLASSES = {report.Classes}
            PARAMETERS = {report.Parameters}


            class {report.Name}(nn.Module):
                def __init__(self):
                    super().__init__()

            """);
        foreach (var (name, module) in children)
            source.Append(CultureInfo.InvariantCulture, $"        self.{name} = {Expression(module, name, 2)}\n");
        source.Append("\n    def forward(self, x):\n");
        foreach (var (name, module) in children)
        {
            // The generated forwards: ReLU after the ResNet stem's batch norm; a global mean before the classifier.
            if (resNet && name == "bn1") source.Append("        x = F.relu(self.bn1(x))\n");
            else if (module is Linear || name == "classifier") source.Append(CultureInfo.InvariantCulture, $"        x = self.{name}(x.mean((2, 3)))\n");
            else source.Append(CultureInfo.InvariantCulture, $"        x = self.{name}(x)\n");
        }
        source.Append(CultureInfo.InvariantCulture, $$"""
                    return x


            MODEL = {{report.Name}}


            def load(weights):
                "The network with the weights of a state_dict file (torch.save), in eval mode."
                model = {{report.Name}}()
                model.load_state_dict(torch.load(weights, map_location="cpu"))
                return model.eval()


            if __name__ == "__main__":
                model = {{report.Name}}()
                count = sum(p.numel() for p in model.parameters())
                assert count == PARAMETERS, f"{count} parameters, declared {PARAMETERS}"
                print(f"{{report.Name}}: {count:,} parameters")

            """);
        return source.ToString();
    }

    /// <summary>Writes the module source to <paramref name="path"/> (atomically).</summary>
    public static void Export(nn.Module<Tensor, Tensor> network, ArchitectureReport report, string path) =>
        AtomicFile.WriteAllText(path, Write(network, report));

    private static string Units
    {
        get
        {
            using var stream = typeof(PyTorchModuleWriter).Assembly.GetManifestResourceStream("Architectures.Onnx.PyTorch.units.py")
                               ?? throw new InvalidOperationException("units.py is not embedded in the assembly");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>A Python expression that builds <paramref name="module"/> with the same children and keys.</summary>
    private static string Expression(nn.Module module, string path, int depth)
    {
        string indent = new(' ', 4 * (depth + 1));
        var c = module.named_children().ToDictionary(x => x.name, x => x.module, StringComparer.Ordinal);
        string Child(string name) => c.TryGetValue(name, out var m) ? Expression(m, $"{path}.{name}", depth + 1) : "None";
        switch (module)
        {
            case Sequential sequential:
            {
                var items = sequential.named_children().ToList();
                if (items.Count == 0) return "nn.Sequential()";
                bool numbered = items.Select((item, i) => item.name == i.ToString(CultureInfo.InvariantCulture)).All(x => x);
                string inner = string.Join(",\n", items.Select(item => numbered
                    ? indent + Expression(item.module, $"{path}.{item.name}", depth + 1)
                    : $"{indent}(\"{item.name}\", {Expression(item.module, $"{path}.{item.name}", depth + 1)})"));
                return numbered ? $"nn.Sequential(\n{inner})" : $"nn.Sequential(OrderedDict([\n{inner}]))";
            }
            case Conv2d conv:
            {
                long[] w = conv.weight!.shape;
                long[] padding = conv.padding ?? new long[] { 0, 0 };
                string shape = Invariant($"{w[1] * conv.groups}, {w[0]}, kernel_size=({w[2]}, {w[3]}), stride=({conv.stride[0]}, {conv.stride[1]})");
                return Invariant($"nn.Conv2d({shape}, padding=({padding[0]}, {padding[1]}), groups={conv.groups}, bias={Bool(conv.bias is not null)})");
            }
            case BatchNorm norm when norm is BatchNorm2d or SafeBatchNorm2d:
            {
                string momentum = norm.momentum is { } m ? Invariant($"{m:R}") : "None";
                return Invariant($"nn.BatchNorm2d({norm.num_features}, eps={norm.eps:R}, momentum={momentum}, affine={Bool(norm.affine)}, track_running_stats={Bool(norm.track_running_stats)})");
            }
            case Linear linear:
                return Invariant($"nn.Linear({linear.weight!.shape[1]}, {linear.weight.shape[0]}, bias={Bool(linear.bias is not null)})");
            case TorchSharp.Modules.Dropout dropout:
                return Invariant($"nn.Dropout(p={dropout.p:R})");
            case MaxPool2d pool:
            {
                long[] stride = pool.stride ?? pool.kernel_size;
                long[] padding = pool.padding ?? new long[] { 0, 0 };
                return Invariant($"nn.MaxPool2d(kernel_size=({pool.kernel_size[0]}, {pool.kernel_size[1]}), stride=({stride[0]}, {stride[1]}), padding=({padding[0]}, {padding[1]}))");
            }
            case TorchSharp.Modules.Identity: return "nn.Identity()";
            case AvgPool2d pool:
            {
                long[] stride = pool.stride ?? pool.kernel_size;
                long[] padding = pool.padding ?? new long[] { 0, 0 };
                return Invariant($"nn.AvgPool2d(kernel_size=({pool.kernel_size[0]}, {pool.kernel_size[1]}), stride=({stride[0]}, {stride[1]}), padding=({padding[0]}, {padding[1]}), ceil_mode={Bool(pool.ceil_mode)}, count_include_pad={Bool(pool.count_include_pad)})");
            }
            case TorchSharp.Modules.ReLU: return "nn.ReLU(inplace=True)";
            case TorchSharp.Modules.ReLU6: return "nn.ReLU6(inplace=True)";
            case TorchSharp.Modules.SiLU: return "nn.SiLU(inplace=True)";
            case TorchSharp.Modules.Hardswish: return "nn.Hardswish(inplace=True)";
            case TorchSharp.Modules.GELU: return "nn.GELU()";
            case ResidualUnit unit:
            {
                var layers = c.Where(x => x.Key.StartsWith("conv", StringComparison.Ordinal) || x.Key.StartsWith("bn", StringComparison.Ordinal))
                    .Select(x => $"{indent}    (\"{x.Key}\", {Expression(x.Value, $"{path}.{x.Key}", depth + 2)})");
                return $"ResidualUnit(OrderedDict([\n{string.Join(",\n", layers)}]),\n" +
                       $"{indent}se={Child("se")},\n{indent}downsample={Child("downsample")},\n{indent}placement=\"{Placement(unit.Placement)}\")";
            }
            case InvertedResidual inverted:
            {
                var (name, layers) = inverted.named_children().Single();
                return Invariant($"InvertedResidual(\"{name}\", {Expression(layers, $"{path}.{name}", depth + 1)},\n{indent}residual={Bool(inverted.Residual)}, drop_probability={inverted.DropProbability:R})");
            }
            case ResBottleneckBlock:
                return $"ResBottleneckBlock(\n{indent}f={Child("f")},\n{indent}proj={Child("proj")})";
            case BottleneckTransform:
                return $"BottleneckTransform(\n{indent}a={Child("a")},\n{indent}b={Child("b")},\n{indent}se={Child("se")},\n{indent}c={Child("c")})";
            case SqueezeExcitation se:
            {
                var fc1 = (Conv2d)c["fc1"];
                return $"SqueezeExcitation({se.Channels}, {se.ReducedChannels}, squeeze=\"{Snake(se.SqueezeKind.ToString())}\", gate=\"{Lower(se.GateKind)}\", " +
                       $"bias={Bool(fc1.bias is not null)}, activation=\"{Lower(se.ActivationKind)}\")";
            }
            case EffectiveSqueezeExcitation ese:
            {
                var fc = (Conv2d)c["fc"];
                return $"EffectiveSqueezeExcitation({fc.weight!.shape[0]}, gate=\"{Lower(ese.GateKind)}\", bias={Bool(fc.bias is not null)})";
            }
            case EfficientChannelAttention eca:
                return $"EfficientChannelAttention({((Conv1d)c["conv"]).weight!.shape[2]}, circular={Bool(eca.Circular)}, gate=\"{Lower(eca.GateKind)}\")";
            case GatherExcite ge:
                return $"GatherExcite(gate=\"{Lower(ge.GateKind)}\")";
            case CoordinateAttention ca:
            {
                var conv1 = (Conv2d)c["conv1"];
                return $"CoordinateAttention({conv1.weight!.shape[1]}, {conv1.weight.shape[0]}, gate=\"{Lower(ca.GateKind)}\", bias={Bool(conv1.bias is not null)}, activation=\"{Lower(ca.ActivationKind)}\")";
            }
            case NoSqueezeExcitation ns:
            {
                var fc1 = (Conv2d)c["fc1"];
                return $"NoSqueezeExcitation({fc1.weight!.shape[1]}, {fc1.weight.shape[0]}, gate=\"{Lower(ns.GateKind)}\", bias={Bool(fc1.bias is not null)}, activation=\"{Lower(ns.ActivationKind)}\")";
            }
            default:
                throw new OnnxExportException($"module {path} ({module.GetType().Name}) has no PyTorch translation");
        }
    }

    private static string Placement(SEPlacement placement) => placement switch
    {
        SEPlacement.AfterConv3x3 => "after_conv3x3",
        _ => placement.ToString().ToLowerInvariant(),
    };

    /// <summary>Squeeze names: Average → average, Max → max, AverageAndMax → average_and_max.</summary>
    private static string Snake(string name) =>
        string.Concat(name.Select((ch, i) => char.IsUpper(ch) && i > 0 ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));

    private static string Lower<T>(T value) where T : Enum => value.ToString().ToLowerInvariant();

    private static string Bool(bool value) => value ? "True" : "False";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
