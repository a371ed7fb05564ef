using System;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Architectures.Modules;

/// <summary>The activations and gates the declarations name, as modules and as in-place functions.</summary>
public static class Nonlinearities
{
    /// <summary>An activation module (parameterless, so it only takes an index in a Sequential, as in torchvision).</summary>
    public static Module<Tensor, Tensor> Module(Activation activation) => activation switch
    {
        Activation.ReLU => ReLU(inplace: true),
        Activation.ReLU6 => ReLU6(inplace: true),
        Activation.SiLU => SiLU(inplace: true),
        Activation.HardSwish => Hardswish(inplace: true),
        Activation.GELU => GELU(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, null),
    };

    /// <summary>
    /// Applies the activation in place and returns the result. GELU has no in-place form: it returns a new tensor and
    /// disposes the caller's handle to <paramref name="x"/> (autograd keeps what it needs), so pass a fresh tensor.
    /// </summary>
    public static Tensor ActivateInPlace(Tensor x, Activation activation) => activation switch
    {
        Activation.ReLU => x.relu_(),
        Activation.ReLU6 => functional.relu6(x, inplace: true),
        Activation.SiLU => functional.silu(x, inplace: true),
        Activation.HardSwish => functional.hardswish(x, inplace: true),
        Activation.GELU => GeluReplacing(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, null),
    };

    /// <summary>Applies the gate in place and returns the same tensor.</summary>
    public static Tensor GateInPlace(Tensor x, Gate gate) => gate switch
    {
        Gate.Sigmoid => x.sigmoid_(),
        Gate.Tanh => x.tanh_(),
        Gate.ReLU => x.relu_(),
        Gate.HardSigmoid => functional.hardsigmoid(x, inplace: true),
        _ => throw new ArgumentOutOfRangeException(nameof(gate), gate, null),
    };

    private static Tensor GeluReplacing(Tensor x)
    {
        Tensor y = functional.gelu(x);
        x.Dispose();
        return y;
    }
}
