using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
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

    /// <summary>Reads every tensor of a state_dict file (on the CPU).</summary>
    /// <exception cref="InvalidDataException">The file is not a PyTorch state_dict.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file");
        Hashtable table;
        try
        {
            using var stream = File.OpenRead(path);
            table = PyTorchUnpickler.UnpickleStateDict(stream, false, false);
        }
        catch (Exception e) when (e is not IOException and not UnauthorizedAccessException)
        {
            // PyBridge reports a non-zip, a legacy-format file or a damaged pickle with assorted exception types.
            throw new InvalidDataException($"{path}: not a readable PyTorch state_dict ({e.GetType().Name}: {e.Message.TrimEnd('.')})", e);
        }
        var result = new Dictionary<string, Tensor>(table.Count);
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Value is not Tensor tensor)
                throw new InvalidDataException($"{path}: entry {entry.Key} is not a tensor");
            result[(string)entry.Key] = tensor;
        }
        return result;
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
