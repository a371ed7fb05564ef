using System;
using System.Collections.Generic;
using System.Linq;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Architectures.Onnx;

/// <summary>
/// Builds one ONNX graph: nodes in topological order (the order they are added), initializers from TorchSharp tensors,
/// unique value names. A thin layer over the protoc-generated <see cref="GraphProto"/>; it knows nothing of networks.
/// </summary>
internal sealed class OnnxGraph
{
    private readonly GraphProto graph = new();
    private readonly Dictionary<string, int> counters = new(StringComparer.Ordinal);

    public OnnxGraph(string name) => graph.Name = name;

    public GraphProto Proto => graph;

    /// <summary>A fresh value name derived from <paramref name="hint"/> (a module path such as <c>layer1.0.conv1</c>).</summary>
    public string Fresh(string hint)
    {
        string stem = string.IsNullOrEmpty(hint) ? "v" : hint;
        int n = counters.TryGetValue(stem, out int seen) ? seen + 1 : 0;
        counters[stem] = n;
        return n == 0 ? stem : $"{stem}_{n}";
    }

    /// <summary>Adds a float32 initializer holding <paramref name="value"/> (converted to float32, made contiguous).</summary>
    public string Initializer(string hint, Tensor value)
    {
        using var scope = NewDisposeScope();
        var data = value.detach().to(ScalarType.Float32).cpu().contiguous();
        var proto = new TensorProto { Name = Fresh(hint), DataType = (int)TensorProto.Types.DataType.Float };
        proto.Dims.AddRange(data.shape);
        proto.RawData = ByteString.CopyFrom(data.bytes);
        graph.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>Adds an int64 constant initializer (shapes, axes, slice bounds).</summary>
    public string Int64s(string hint, params long[] values)
    {
        var proto = new TensorProto { Name = Fresh(hint), DataType = (int)TensorProto.Types.DataType.Int64 };
        proto.Dims.Add(values.Length);
        proto.Int64Data.AddRange(values);
        graph.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>Adds a float32 scalar initializer.</summary>
    public string Scalar(string hint, float value)
    {
        var proto = new TensorProto { Name = Fresh(hint), DataType = (int)TensorProto.Types.DataType.Float };
        proto.FloatData.Add(value);
        graph.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>Adds a node <paramref name="op"/> with one output and returns the output's name.</summary>
    public string Node(string op, string hint, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        string output = Fresh(hint);
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return output;
    }

    public string Node(string op, string hint, string input, params AttributeProto[] attributes) =>
        Node(op, hint, new[] { input }, attributes);

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A float32 input or output; each dimension a fixed size (long) or a symbolic name (string).</summary>
    public static ValueInfoProto Value(string name, params object[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims.Select(d => d is string symbol
            ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
            : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture) }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
