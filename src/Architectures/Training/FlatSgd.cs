using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using Architectures.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Architectures.Training;

/// <summary>An optimizer whose whole state is one momentum buffer per parameter (SGD with momentum): what checkpoints keep.</summary>
public interface IMomentumOptimizer
{
    /// <summary>The parameters, in the optimizer's order.</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The momentum buffer of parameter <paramref name="index"/>, laid out and placed like it; null before the first step.</summary>
    Tensor? MomentumOf(int index);

    /// <summary>Replaces the buffers with copies of <paramref name="values"/> (logical order, any layout or device; null: none yet).</summary>
    void SetMomentum(IReadOnlyList<Tensor?> values);
}

/// <summary>
/// SGD with momentum, weight decay and optional Nesterov momentum: PyTorch's update element for element (so the same
/// weights as <c>torch.optim.SGD</c> to the bit), over one flat buffer. The parameters become views into that buffer,
/// in their own layouts, so a step is a handful of whole-model kernels (concatenate the gradients, decay, momentum,
/// update) instead of about four per parameter: TorchSharp 0.107 has no multi-tensor ("foreach") kernels, and on a
/// GPU a small network's step is bound by kernel launches.
/// </summary>
/// <remarks>
/// Every parameter must receive a gradient in every step (whole-network training). Create it after the model's last
/// move or layout change (<c>to(device)</c>, <c>Layouts.ToChannelsLast</c>): as with TorchSharp's own optimizers, those
/// give the module new parameter tensors, which an optimizer made earlier would not update.
/// </remarks>
public sealed class FlatSgd : IMomentumOptimizer, IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly long[] _offsets;
    private readonly Tensor _flat;
    private Tensor? _momentum;

    public FlatSgd(IEnumerable<Parameter> parameters, double learningRate, double momentum = 0, double weightDecay = 0,
        bool nesterov = false)
    {
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0) throw new ArgumentException("no parameters to optimize", nameof(parameters));
        if (nesterov && momentum <= 0) throw new ArgumentException("Nesterov momentum needs a positive momentum", nameof(nesterov));
        LearningRate = learningRate;
        Momentum = momentum;
        WeightDecay = weightDecay;
        Nesterov = nesterov;

        var first = _parameters[0];
        _offsets = new long[_parameters.Length];
        long total = 0;
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (p.dtype != first.dtype || p.device_type != first.device_type || p.device_index != first.device_index)
                throw new ArgumentException($"parameter {i} is {p.dtype} on {p.device}, parameter 0 {first.dtype} on {first.device}");
            if (!IsDense(p)) throw new ArgumentException($"parameter {i} [{string.Join(", ", p.shape)}] is not densely stored");
            _offsets[i] = total;
            total += p.numel();
        }

        using var noGrad = no_grad();
        _flat = empty(total, first.dtype, first.device);
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            // The view keeps the parameter's strides (NCHW or channels-last): the same tensor, in new storage.
            using var view = _flat.as_strided(p.shape, p.stride(), _offsets[i]);
            view.copy_(p);
            p.set_(view);
        }
    }

    public double LearningRate { get; set; }
    public double Momentum { get; }
    public double WeightDecay { get; }
    public bool Nesterov { get; }

    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>One update: d = g + λ·w; b = μ·b + d (b = d at first); w -= lr·(Nesterov ? d + μ·b : b).</summary>
    public void Step()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var pieces = new Tensor[_parameters.Length];
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            var grad = p.grad ?? throw new InvalidOperationException(
                $"parameter {i} [{string.Join(", ", p.shape)}] received no gradient; FlatSgd updates whole networks");
            // Autograd gives a gradient the strides of its parameter: read it in storage order, like the flat buffer.
            if (!grad.stride().AsSpan().SequenceEqual(p.stride())) grad = empty_like(p).copy_(grad);
            pieces[i] = grad.as_strided(new[] { grad.numel() }, new[] { 1L }, grad.storage_offset());
        }
        var d = cat(pieces, 0);
        // Scalars held for the whole update: TorchSharp does not keep a temporary one alive through the native call (HeldScalars).
        using Scalar weightDecay = WeightDecay.ToScalar(), momentum = Momentum.ToScalar(), step = (-LearningRate).ToScalar();
        if (WeightDecay != 0) d.add_(_flat, alpha: weightDecay);
        Tensor update = d;
        if (Momentum != 0)
        {
            if (_momentum is null) _momentum = d.clone().DetachFromDisposeScope();
            else _momentum.mul_(momentum).add_(d, HeldScalars.One);
            update = Nesterov ? d.add_(_momentum, alpha: momentum) : _momentum;
        }
        _flat.add_(update, alpha: step);
    }

    public Tensor? MomentumOf(int index)
    {
        var p = _parameters[index];
        return _momentum?.as_strided(p.shape, p.stride(), _offsets[index]);
    }

    public void SetMomentum(IReadOnlyList<Tensor?> values)
    {
        // Everything is checked before the current buffer is touched: a mismatch leaves the optimizer as it was.
        if (values.Count != _parameters.Length)
            throw new ArgumentException($"momentum for {values.Count} parameters, the optimizer has {_parameters.Length}", nameof(values));
        int present = values.Count(v => v is not null);
        if (present != 0 && present != values.Count)
            throw new ArgumentException($"momentum for {present} of {values.Count} parameters: FlatSgd keeps it for all or none", nameof(values));
        for (int i = 0; i < values.Count; i++)
        {
            var (v, p) = (values[i], _parameters[i]);
            if (v is not null && (!v.shape.SequenceEqual(p.shape) || v.dtype != p.dtype))
                throw new ArgumentException(
                    $"momentum {i} is {v.dtype} [{string.Join(", ", v.shape)}], its parameter {p.dtype} [{string.Join(", ", p.shape)}]",
                    nameof(values));
        }
        _momentum?.Dispose();
        _momentum = null;
        if (present == 0) return;
        using var noGrad = no_grad();
        _momentum = zeros_like(_flat);
        for (int i = 0; i < values.Count; i++)
        {
            var p = _parameters[i];
            using var view = _momentum.as_strided(p.shape, p.stride(), _offsets[i]);
            view.copy_(values[i]!);
        }
    }

    public void Dispose()
    {
        _momentum?.Dispose();
        // The parameters still view _flat's storage; disposing this handle does not free it while they live.
        _flat.Dispose();
    }

    /// <summary>Non-overlapping and gap-free, from the tensor's storage offset: any permutation of contiguous strides.</summary>
    private static bool IsDense(Tensor t)
    {
        long[] shape = t.shape, stride = t.stride();
        var order = Enumerable.Range(0, shape.Length).Where(d => shape[d] != 1).OrderBy(d => stride[d]).ToArray();
        long expected = 1;
        foreach (int d in order)
        {
            if (stride[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }
}
