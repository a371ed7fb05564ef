using System;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Architectures.Modules;

/// <summary>Memory layouts (TorchSharp 0.107 has no memory_format argument; strides express it).</summary>
public static class Layouts
{
    /// <summary>
    /// The same NCHW-indexed values stored channels-last, with exactly the strides N = H·W·C, C = 1, H = W·C, W = C.
    /// Exact matters where a dimension has size 1 (a 1-channel image, a 1×1 kernel): a permute-and-contiguous copy
    /// would be skipped there as "already contiguous", and LibTorch would then treat the tensor as NCHW.
    /// </summary>
    public static Tensor ToChannelsLast(Tensor x)
    {
        if (x.dim() != 4) throw new ArgumentException("a 4-d tensor is required", nameof(x));
        var result = empty_strided(x.shape, ChannelsLastStrides(x.shape), dtype: x.dtype, device: x.device);
        result.copy_(x);
        return result;
    }

    private static long[] ChannelsLastStrides(long[] shape) =>
        new[] { shape[1] * shape[2] * shape[3], 1, shape[3] * shape[1], shape[1] };

    /// <summary>
    /// Stores every 4-d parameter of <paramref name="module"/> channels-last, in place: the same parameter objects
    /// (optimizers and state_dict keys are unaffected) over new storage. LibTorch's CPU convolutions then run
    /// channels-last end to end, and gradients and momentum buffers follow the parameters' layout.
    /// </summary>
    public static void ToChannelsLast(Module module)
    {
        using var noGrad = torch.no_grad();
        foreach (var parameter in module.parameters())
        {
            if (parameter.dim() != 4 || IsChannelsLast(parameter)) continue;
            using var channelsLast = ToChannelsLast(parameter);
            parameter.set_(channelsLast);
        }
    }

    /// <summary>True when <paramref name="x"/> has exactly the channels-last strides <see cref="ToChannelsLast(Tensor)"/> gives.</summary>
    public static bool IsChannelsLast(Tensor x) => x.dim() == 4 && x.stride().AsSpan().SequenceEqual(ChannelsLastStrides(x.shape));
}
