using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.IO.Hashing;
using System.Reflection;
using Architectures.Training;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Architectures.Interop;

/// <summary>
/// PyTorch state_dict files (<c>torch.save(model.state_dict(), path)</c>, the zip format of PyTorch ≥ 1.6), read and
/// written through TorchSharp.PyBridge. The generated networks use torchvision/timm key names (conv1, bn1,
/// layer1.0.se.fc1.weight, layer2.0.downsample.0.weight, fc.weight, …), so files move between the two unchanged.
/// </summary>
public static class PyTorchStateDict
{
    /// <summary>Writes the model's parameters and buffers so that PyTorch's <c>load_state_dict(torch.load(path))</c> takes them.</summary>
    public static void Export(nn.Module model, string path)
    {
        var state = model.state_dict();
        // Tensors on another device are copied to the host (a .pt file for any machine), and channels-last weights
        // into NCHW order: the file holds what the keys mean whatever layout the model trained in.
        var host = new Dictionary<string, Tensor>(state.Count);
        foreach (var (key, value) in state) host[key] = value.detach().cpu().contiguous();
        try
        {
            AtomicFile.Write(path, stream => PyTorchPickler.PickleStateDict(stream, host, true));
        }
        finally
        {
            foreach (var (key, value) in host)
                if (!ReferenceEquals(value, state[key])) value.Dispose();
        }
    }

    /// <summary>
    /// Reads every tensor of a state_dict file (on the CPU), as contiguous tensors whatever the strides they were saved
    /// with (a transposed weight, a channels-last network, views sharing one storage).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is damaged or not a PyTorch state_dict; the message names the file.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file");
        using var stream = File.OpenRead(path);
        VerifyArchive(stream, path);
        stream.Position = 0;
        Hashtable table;
        try
        {
            // skipTensorRead: PyBridge hands back where each tensor's storage is instead of copying it into a tensor
            // shaped like the result, which fails for any tensor saved with non-contiguous strides
            // ("Bytes() called on non-contiguous tensor") and for views with a storage offset.
            table = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true, skipTensorRead: true);
        }
        catch (Exception e) when (e is not (FileNotFoundException or UnauthorizedAccessException))
        {
            // PyBridge reports a non-zip, a legacy-format file or a damaged pickle with assorted exception types.
            throw new InvalidDataException($"{path}: not a readable PyTorch state_dict ({e.GetType().Name}: {e.Message.TrimEnd('.')})", e);
        }
        var result = new Dictionary<string, Tensor>(table.Count);
        try
        {
            foreach (DictionaryEntry entry in table)
            {
                string key = (string)entry.Key;
                result[key] = entry.Value switch
                {
                    Tensor tensor => tensor,
                    { } args when StoredTensor.From(args) is { } stored => stored.Read(path, key),
                    _ => throw new InvalidDataException($"{path}: entry {key} is not a tensor"),
                };
            }
        }
        catch
        {
            foreach (var tensor in result.Values) tensor.Dispose();
            throw;
        }
        return result;
    }

    /// <summary>
    /// Checks the zip container (a .pt file is a zip archive) entry by entry against its CRC-32 before anything is
    /// unpickled: a damaged file is named with the entry that is damaged, instead of failing later somewhere in the
    /// unpickler ("Attempted to read past the end of the stream").
    /// </summary>
    private static void VerifyArchive(Stream stream, string path)
    {
        Span<byte> signature = stackalloc byte[4];
        if (stream.ReadAtLeast(signature, 4, throwOnEndOfStream: false) < 4 || !signature.SequenceEqual("PK\x03\x04"u8))
            throw new InvalidDataException($"{path}: not a readable PyTorch state_dict (not a zip archive, the format of torch.save since PyTorch 1.6)");
        stream.Position = 0;
        string entryName = "the central directory";
        try
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var crc = new Crc32();
            byte[] buffer = new byte[1 << 16];
            foreach (var entry in archive.Entries)
            {
                entryName = entry.FullName;
                crc.Reset();
                long length = 0;
                using (var content = entry.Open())
                {
                    int read;
                    while ((read = content.Read(buffer)) > 0)
                    {
                        crc.Append(buffer.AsSpan(0, read));
                        length += read;
                    }
                }
                if (length != entry.Length)
                    throw new InvalidDataException($"{path}: damaged ({entry.FullName}: {length:N0} bytes, the archive records {entry.Length:N0})");
                if (crc.GetCurrentHashAsUInt32() != entry.Crc32)
                    throw new InvalidDataException($"{path}: damaged ({entry.FullName} fails its CRC-32 check)");
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException && e is not FileNotFoundException
                                  && !e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: damaged or truncated ({entryName}: {e.Message.TrimEnd('.')})", e);
        }
    }

    /// <summary>
    /// One tensor as PyBridge's unpickler describes it when asked not to read it: a stream over its storage (the whole
    /// storage, which views share) and the dtype, storage offset, shape and strides to take out of it.
    /// </summary>
    private sealed record StoredTensor(Stream Data, ScalarType DType, long StorageOffset, long[] Shape, long[] Stride)
    {
        /// <summary>The description PyBridge 1.4 gives (an internal type, read by its property names), or null.</summary>
        public static StoredTensor? From(object args)
        {
            var type = args.GetType();
            object? Get(string name) => type.GetProperty(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(args);
            return Get("Data") is Stream data && Get("DType") is ScalarType dtype && Get("StorageOffset") is int offset
                   && Get("Shape") is long[] shape && Get("Stride") is long[] stride
                ? new StoredTensor(data, dtype, offset, shape, stride)
                : null;
        }

        /// <summary>A contiguous copy of the tensor; the storage must hold every element the strides reach.</summary>
        public Tensor Read(string path, string key)
        {
            byte[] bytes;
            using (Data)
            using (var copy = new MemoryStream())
            {
                Data.CopyTo(copy);
                bytes = copy.ToArray();
            }
            using var scope = NewDisposeScope();
            var storage = empty(0, DType);
            long elementSize = storage.ElementSize;
            if (bytes.Length % elementSize != 0)
                throw new InvalidDataException($"{path}: {key}: storage of {bytes.Length:N0} bytes is not a whole number of {DType} elements");
            long elements = bytes.Length / elementSize;
            long last = StorageOffset;
            for (int d = 0; d < Shape.Length; d++)
            {
                if (Shape[d] < 0 || Stride[d] < 0)
                    throw new InvalidDataException($"{path}: {key}: negative size or stride");
                if (Shape[d] == 0) { last = -1; break; }
                last += (Shape[d] - 1) * Stride[d];
            }
            if (StorageOffset < 0 || last >= elements)
                throw new InvalidDataException(
                    $"{path}: {key}: shape [{string.Join(", ", Shape)}] with strides ({string.Join(", ", Stride)}) from offset {StorageOffset} " +
                    $"reaches past its storage of {elements:N0} elements");
            storage = empty(elements, DType);
            if (elements > 0) storage.bytes = bytes;
            return storage.as_strided(Shape, Stride, StorageOffset).contiguous().MoveToOuterDisposeScope();
        }
    }

    /// <summary>
    /// Loads a state_dict file into <paramref name="model"/> after checking every key and shape; a mismatch throws
    /// <see cref="StateDictMismatchException"/> naming the first bad key and both shapes, and leaves the model untouched.
    /// </summary>
    public static void Import(nn.Module model, string modelName, string path)
    {
        var tensors = Read(path);
        try
        {
            var expected = model.state_dict();
            StateDictValidator.Check(expected, tensors, path, modelName);
            using (no_grad())
            {
                foreach (var (key, target) in expected) target.copy_(tensors[key]);
            }
        }
        finally
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
        }
    }
}
