using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace Architectures.Interop;

/// <summary>A state dictionary that does not fit a model; the message names the first offending key.</summary>
public sealed class StateDictMismatchException(string message) : Exception(message);

/// <summary>
/// Compares a state dictionary with a model's, key by key and shape by shape, before anything is copied
/// (PyBridge's load_py copies raw bytes without comparing shapes).
/// </summary>
public static class StateDictValidator
{
    /// <summary>Returns null when every key, shape and dtype matches; otherwise a one-line description of the first mismatch.</summary>
    public static string? FirstMismatch(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> actual,
        string actualName = "file", string expectedName = "model")
    {
        // Walk in the model's order so "first" means the first layer, as a reader of the network would expect.
        foreach (var (key, want) in expected)
        {
            if (!actual.TryGetValue(key, out var have))
                return $"{key}: missing from the {actualName} (the {expectedName} expects {Shape(want)})";
            if (!want.shape.SequenceEqual(have.shape))
                return $"{key}: the {actualName} has shape {Shape(have)}, the {expectedName} expects {Shape(want)}" +
                       (want.shape.Length == 2 && want.shape.Reverse().SequenceEqual(have.shape) && want.shape[0] != want.shape[1]
                           ? " (the transpose: a weight saved as W.t()?)" : "");
            if (want.dtype != have.dtype)
                return $"{key}: the {actualName} has dtype {have.dtype}, the {expectedName} expects {want.dtype}";
        }
        // Files read through a hash table have no order; the ordinal first keeps the message reproducible.
        string? unexpected = actual.Keys.Where(k => !expected.ContainsKey(k)).Order(StringComparer.Ordinal).FirstOrDefault();
        return unexpected is null ? null
            : $"{unexpected}: the {actualName} has this key ({Shape(actual[unexpected])}), the {expectedName} does not";
    }

    /// <summary>Throws <see cref="StateDictMismatchException"/> when <see cref="FirstMismatch"/> finds one.</summary>
    public static void Check(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> actual,
        string source, string modelName)
    {
        string? mismatch = FirstMismatch(expected, actual, source, modelName);
        if (mismatch is not null) throw new StateDictMismatchException(mismatch);
    }

    public static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
