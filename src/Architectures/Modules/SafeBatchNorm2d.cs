using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Architectures.Modules;

/// <summary>
/// 2-D batch norm with the keys, defaults and arithmetic of TorchSharp's <c>BatchNorm2d</c> (and PyTorch's), whose
/// <c>num_batches_tracked</c> increment cannot read freed memory.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's batch norm counts batches with <c>num_batches_tracked.add_(1)</c>, which makes two temporary
/// <see cref="Scalar"/> objects and passes only their native handles to LibTorch. Nothing keeps those objects alive
/// during the native call, so a garbage collection started by another thread (a data-loading worker, say) can
/// finalise them and free the native scalars while LibTorch still reads them: a training step then fails with "For
/// integral input tensors, argument alpha must not be a floating point number", or silently skips a count. This
/// module increments with scalars that live as long as the process (<see cref="HeldScalars"/>).
/// The race and this fix are reproduced by <c>SafeBatchNorm2dTests</c>.
/// </remarks>
public sealed class SafeBatchNorm2d : BatchNorm
{
    /// <summary>The arguments of TorchSharp's <c>torch.nn.BatchNorm2d</c>, by the same names: a drop-in replacement.</summary>
    public SafeBatchNorm2d(long num_features, double eps = 1e-5, double momentum = 0.1, bool affine = true,
        bool track_running_stats = true, Device? device = null, ScalarType? dtype = null)
        : base(num_features, eps, momentum, affine, track_running_stats, device, dtype, nameof(SafeBatchNorm2d))
    {
    }

    protected override void ValidateInputDimensions(Tensor input)
    {
        if (input.ndim != 4) throw new ArgumentException($"expected 4D input, but got {input.ndim}D input.", nameof(input));
    }

    /// <summary>TorchSharp's <c>BatchNorm.forward</c>, statement for statement, with the increment's scalars held.</summary>
    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        double averagingFactor = momentum ?? 0.0;
        if (training && track_running_stats && num_batches_tracked is { } batches)
        {
            batches.add_(HeldScalars.One, HeldScalars.One);
            // No momentum: a cumulative average over the batches seen so far.
            averagingFactor = momentum ?? 1.0 / batches.item<long>();
        }
        bool useBatchStatistics = training || (running_mean is null && running_var is null);
        bool useRunningStatistics = !training || track_running_stats;
        return F.batch_norm(input, useRunningStatistics ? running_mean : null, useRunningStatistics ? running_var : null,
            weight, bias, useBatchStatistics, averagingFactor, eps);
    }
}
