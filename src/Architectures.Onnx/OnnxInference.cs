using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Architectures.Onnx;

/// <summary>Which ONNX Runtime execution provider runs the graph.</summary>
public enum OnnxDevice
{
    /// <summary>The CPU provider (Microsoft.ML.OnnxRuntime, the default build).</summary>
    Cpu,

    /// <summary>The CUDA provider: needs the build with <c>-p:OnnxRuntimeBackend=cuda</c> (Microsoft.ML.OnnxRuntime.Gpu.Linux), CUDA 12 and cuDNN 9.</summary>
    Cuda,
}

/// <summary>
/// Runs an exported network (or any ONNX model with one float32 NCHW input and one output) through ONNX Runtime:
/// graph optimisations on, a fixed number of intra-op threads, float32 in and out.
/// </summary>
public sealed class OnnxInference : IDisposable
{
    private readonly InferenceSession session;
    private readonly string inputName;

    /// <param name="path">The .onnx file.</param>
    /// <param name="threads">Intra-op threads; 0 lets ONNX Runtime choose (one per core).</param>
    /// <param name="device">The execution provider.</param>
    public OnnxInference(string path, int threads = 0, OnnxDevice device = OnnxDevice.Cpu)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"ONNX model {path} does not exist", path);
        if (threads < 0) throw new ArgumentOutOfRangeException(nameof(threads), threads, "must be zero (one per core) or positive");
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        if (device == OnnxDevice.Cuda)
        {
            try
            {
                options.AppendExecutionProvider_CUDA(0);
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                throw new OnnxExportException(
                    $"the CUDA execution provider is not available ({e.Message.Split('\n')[0]}); build with -p:OnnxRuntimeBackend=cuda " +
                    "(Microsoft.ML.OnnxRuntime.Gpu.Linux) on a machine with CUDA 12 and cuDNN 9");
            }
        }
        try
        {
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{path} is not a model ONNX Runtime can load: {e.Message}", e);
        }
        if (session.InputMetadata.Count != 1 || session.OutputMetadata.Count != 1)
            throw new InvalidDataException($"{path}: expected one input and one output, found {session.InputMetadata.Count} and {session.OutputMetadata.Count}");
        inputName = session.InputMetadata.Keys.Single();
        var shape = session.InputMetadata[inputName].Dimensions;
        if (shape.Length != 4) throw new InvalidDataException($"{path}: input {inputName} has rank {shape.Length}, expected 4 (N, C, H, W)");
        InputChannels = shape[1];
        InputSize = session.ModelMetadata.CustomMetadataMap.TryGetValue(OnnxExporter.InputSizeKey, out string? side) &&
                    int.TryParse(side, out int declared) ? declared : shape[2];
        Path = path;
        Device = device;
    }

    public string Path { get; }
    public OnnxDevice Device { get; }

    /// <summary>The channels and declared side of the model's input (-1 where neither the graph nor its metadata says).</summary>
    public int InputChannels { get; }
    public int InputSize { get; }

    /// <summary>Runs the model on a batch given as flat NCHW float32 values; returns the output values and shape.</summary>
    public (float[] Values, long[] Shape) Run(ReadOnlyMemory<float> input, long batch, long channels, long height, long width)
    {
        if (batch * channels * height * width != input.Length)
            throw new ArgumentException($"{input.Length} values do not make a [{batch}, {channels}, {height}, {width}] batch", nameof(input));
        using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
            System.Runtime.InteropServices.MemoryMarshal.AsMemory(input), new[] { batch, channels, height, width });
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, new[] { inputName }, new[] { value }, session.OutputNames);
        var output = results[0];
        return (output.GetTensorDataAsSpan<float>().ToArray(), output.GetTensorTypeAndShape().Shape);
    }

    /// <summary>Runs the model on a TorchSharp tensor [N, C, H, W] (any float dtype, CPU) and returns the output as a tensor.</summary>
    public TorchSharp.torch.Tensor Run(TorchSharp.torch.Tensor input)
    {
        if (input.dim() != 4) throw new ArgumentException($"input has shape [{string.Join(", ", input.shape)}], expected [N, C, H, W]", nameof(input));
        using var contiguous = input.to(TorchSharp.torch.ScalarType.Float32).cpu().contiguous();
        float[] values = contiguous.data<float>().ToArray();
        var (output, shape) = Run(values, input.shape[0], input.shape[1], input.shape[2], input.shape[3]);
        return TorchSharp.torch.tensor(output, shape);
    }

    public void Dispose() => session.Dispose();
}
