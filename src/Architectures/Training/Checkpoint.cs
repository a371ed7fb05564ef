using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Architectures.Interop;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Architectures.Training;

/// <summary>A checkpoint that cannot be used: missing, truncated, corrupt, or for another model.</summary>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Where a model's training stands after an epoch: what a resumed run needs besides the weights.</summary>
public sealed record CheckpointHeader
{
    public required string Model { get; init; }
    /// <summary>Completed epochs (0 for weights imported from elsewhere).</summary>
    public required int Epoch { get; init; }
    /// <summary>Completed optimizer steps; the learning-rate schedule is a function of it.</summary>
    public required long Step { get; init; }
    public TrainingOptions? Options { get; init; }
    public ModelHistory History { get; init; } = new();
}

/// <summary>
/// A self-checking checkpoint file: magic, version, payload length, payload, SHA-256 of the payload. The payload holds a
/// JSON header, every tensor of the model's state_dict (name, dtype, shape, bytes) and, for training checkpoints, SGD's
/// momentum buffers. Written with <see cref="AtomicFile"/>, so a crash mid-write leaves the previous checkpoint in place;
/// any damage is detected on load, before the model is touched.
/// </summary>
/// <remarks>
/// Tensors are stored in logical (NCHW) order whatever their memory layout or device, and momentum buffers are read back
/// laid out and placed like their parameters. (TorchSharp's own optimizer serialization, used by format 1, refuses
/// channels-last buffers and restores every buffer on the CPU.)
/// </remarks>
public static class Checkpoint
{
    private static readonly byte[] Magic = "ARCHCKPT"u8.ToArray();
    private const int Version = 2;
    /// <summary>Format 1 stored TorchSharp's optimizer serialization: its weights are read, its optimizer state is not.</summary>
    private const int TorchSharpOptimizerFormat = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Save(string path, CheckpointHeader header, nn.Module model, IMomentumOptimizer? optimizer)
    {
        byte[] payload = BuildPayload(header, model, optimizer);
        byte[] hash = SHA256.HashData(payload);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write((long)payload.Length);
            writer.Write(payload);
            writer.Write(hash);
        });
    }

    /// <summary>Reads and verifies only the header (for listing, and to find the model a checkpoint belongs to).</summary>
    public static CheckpointHeader ReadHeader(string path)
    {
        using var reader = new BinaryReader(new MemoryStream(ReadVerifiedPayload(path, out _)), Encoding.UTF8);
        return ReadHeader(reader, path);
    }

    /// <summary>
    /// Verifies the file, checks every tensor's key and shape against <paramref name="model"/>, then loads the weights
    /// and (when given and present) the optimizer state.
    /// </summary>
    public static CheckpointHeader Load(string path, nn.Module model, string modelName, IMomentumOptimizer? optimizer)
    {
        using var reader = new BinaryReader(new MemoryStream(ReadVerifiedPayload(path, out int version)), Encoding.UTF8);
        var header = ReadHeader(reader, path);
        if (!string.Equals(header.Model, modelName, StringComparison.OrdinalIgnoreCase))
            throw new CheckpointException($"{path}: checkpoint of {header.Model}, not of {modelName}");

        using (NewDisposeScope())
        {
            var tensors = ReadTensors(reader, path);
            var expected = model.state_dict();
            string? mismatch = StateDictValidator.FirstMismatch(expected, tensors, "checkpoint", modelName);
            if (mismatch is not null) throw new CheckpointException($"{path}: {mismatch}");
            using (no_grad())
            {
                foreach (var (key, target) in expected) target.copy_(tensors[key]);
            }
        }

        // Outside the dispose scope: the optimizer keeps the momentum buffers it reads.

        bool hasOptimizer = reader.ReadBoolean();
        if (optimizer is not null)
        {
            if (!hasOptimizer) throw new CheckpointException($"{path}: holds weights only, no optimizer state to resume from");
            if (version == TorchSharpOptimizerFormat)
                throw new CheckpointException($"{path}: format {version} holds TorchSharp's optimizer state, which this version " +
                                              "no longer reads, so the run cannot be resumed: start a new one (the weights still " +
                                              "load: arch export, arch excitations)");
            ReadMomentum(reader, optimizer, path);
        }
        return header;
    }

    private static void WriteMomentum(BinaryWriter writer, IMomentumOptimizer optimizer)
    {
        writer.Write(optimizer.Parameters.Count);
        for (int i = 0; i < optimizer.Parameters.Count; i++)
        {
            using var buffer = optimizer.MomentumOf(i);
            writer.Write(buffer is not null);
            if (buffer is not null) WriteTensor(writer, buffer);
        }
    }

    /// <summary>Reads the buffers; the optimizer checks them against its parameters (count, shape, dtype) before taking any.</summary>
    private static void ReadMomentum(BinaryReader reader, IMomentumOptimizer optimizer, string path)
    {
        var values = new Tensor?[reader.ReadInt32()];
        try
        {
            for (int i = 0; i < values.Length; i++)
                if (reader.ReadBoolean()) values[i] = ReadTensor(reader, path, $"momentum buffer {i}");
            optimizer.SetMomentum(values);
        }
        catch (ArgumentException e)
        {
            throw new CheckpointException($"{path}: optimizer state does not fit ({e.Message})", e);
        }
        finally
        {
            foreach (var v in values) v?.Dispose();
        }
    }

    private static byte[] BuildPayload(CheckpointHeader header, nn.Module model, IMomentumOptimizer? optimizer)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(JsonSerializer.Serialize(header, Json));
            var state = model.state_dict();
            writer.Write(state.Count);
            foreach (var (key, value) in state)
            {
                writer.Write(key);
                WriteTensor(writer, value);
            }
            writer.Write(optimizer is not null);
            if (optimizer is not null) WriteMomentum(writer, optimizer);
        }
        return buffer.ToArray();
    }

    /// <summary>dtype, shape and the values in logical order (a contiguous host copy: layout and device do not matter).</summary>
    private static void WriteTensor(BinaryWriter writer, Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var host = tensor.detach().cpu().contiguous();
        writer.Write((int)host.dtype);
        writer.Write(host.shape.Length);
        foreach (long d in host.shape) writer.Write(d);
        var bytes = host.bytes;
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    private static Tensor ReadTensor(BinaryReader reader, string path, string what)
    {
        var dtype = (ScalarType)reader.ReadInt32();
        var shape = new long[reader.ReadInt32()];
        for (int d = 0; d < shape.Length; d++) shape[d] = reader.ReadInt64();
        byte[] bytes = reader.ReadBytes(reader.ReadInt32());
        var tensor = empty(shape, dtype);
        if (tensor.NumberOfElements * tensor.ElementSize != bytes.Length)
        {
            tensor.Dispose();
            throw new CheckpointException($"{path}: {what} holds {bytes.Length} bytes for shape [{string.Join(", ", shape)}]");
        }
        tensor.bytes = bytes;
        return tensor;
    }

    private static byte[] ReadVerifiedPayload(string path, out int version)
    {
        if (!File.Exists(path)) throw new CheckpointException($"{path}: no such checkpoint");
        byte[] file = File.ReadAllBytes(path);
        int headerLength = Magic.Length + sizeof(int) + sizeof(long);
        if (file.Length < headerLength || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new CheckpointException($"{path}: not a checkpoint of this program (bad magic)");
        version = BitConverter.ToInt32(file, Magic.Length);
        if (version is not (Version or TorchSharpOptimizerFormat))
            throw new CheckpointException($"{path}: checkpoint format {version}, this program reads {TorchSharpOptimizerFormat} and {Version}");
        long length = BitConverter.ToInt64(file, Magic.Length + sizeof(int));
        if (length < 0 || headerLength + length + SHA256.HashSizeInBytes != file.Length)
            throw new CheckpointException(
                $"{path}: truncated or padded ({file.Length:N0} bytes, the header promises {headerLength + length + SHA256.HashSizeInBytes:N0})");
        var payload = file.AsSpan(headerLength, (int)length);
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(file.AsSpan(headerLength + (int)length)))
            throw new CheckpointException($"{path}: corrupt (SHA-256 of the contents does not match)");
        return payload.ToArray();
    }

    private static CheckpointHeader ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            return JsonSerializer.Deserialize<CheckpointHeader>(reader.ReadString(), Json)
                ?? throw new CheckpointException($"{path}: empty header");
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{path}: unreadable header ({e.Message})", e);
        }
    }

    private static Dictionary<string, Tensor> ReadTensors(BinaryReader reader, string path)
    {
        int count = reader.ReadInt32();
        var tensors = new Dictionary<string, Tensor>(count);
        for (int i = 0; i < count; i++)
        {
            string key = reader.ReadString();
            tensors[key] = ReadTensor(reader, path, key);
        }
        return tensors;
    }
}
