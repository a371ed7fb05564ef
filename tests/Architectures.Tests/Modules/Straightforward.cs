using System;
using System.Collections.Generic;
using System.Linq;
using Architectures.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Architectures.Tests.Modules;

/// <summary>
/// The textbook forms the optimized runtime units must equal: pooling + 1×1 convolutions + out-of-place scaling,
/// out-of-place residual sum and ReLU, batch norms as modules. Built from the unit's own children (by state_dict name).
/// </summary>
internal static class Straightforward
{
    private static Dictionary<string, nn.Module> Children(nn.Module module) =>
        module.named_children().ToDictionary(c => c.name, c => c.module);

    private static Tensor Call(nn.Module module, Tensor x) => ((Module<Tensor, Tensor>)module).call(x);

    public static Tensor SE(SqueezeExcitation se, Tensor u)
    {
        var c = Children(se);
        Tensor Logits(Tensor z)
        {
            Tensor hidden = Call(c["fc1"], z);
            hidden = se.ActivationKind switch
            {
                Activation.ReLU => functional.relu(hidden),
                Activation.ReLU6 => functional.relu6(hidden),
                Activation.SiLU => functional.silu(hidden),
                Activation.HardSwish => functional.hardswish(hidden),
                _ => functional.gelu(hidden),
            };
            return Call(c["fc2"], hidden);
        }
        Tensor average = functional.adaptive_avg_pool2d(u, 1);
        Tensor maximum = functional.adaptive_max_pool2d(u, new long[] { 1, 1 });
        Tensor logits = se.SqueezeKind switch
        {
            Squeeze.Average => Logits(average),
            Squeeze.Max => Logits(maximum),
            _ => Logits(average) + Logits(maximum),
        };
        Tensor s = se.GateKind switch
        {
            Gate.Sigmoid => torch.sigmoid(logits),
            Gate.Tanh => torch.tanh(logits),
            Gate.HardSigmoid => functional.hardsigmoid(logits),
            _ => functional.relu(logits),
        };
        return u * s;
    }

    public static Tensor Unit(ResidualUnit unit, Tensor x)
    {
        var c = Children(unit);
        SqueezeExcitation? se = c.TryGetValue("se", out var m) ? (SqueezeExcitation)m : null;
        bool bottleneck = unit is Bottleneck;
        Tensor Branch(Tensor input)
        {
            Tensor y = functional.relu(Call(c["bn1"], Call(c["conv1"], input)));
            if (!bottleneck) return Call(c["bn2"], Call(c["conv2"], y));
            y = functional.relu(Call(c["bn2"], Call(c["conv2"], y)));
            if (unit.Placement == SEPlacement.AfterConv3x3) y = SE(se!, y);
            return Call(c["bn3"], Call(c["conv3"], y));
        }
        Tensor identity = c.TryGetValue("downsample", out var d) ? Call(d, x) : x;
        return unit.Placement switch
        {
            SEPlacement.Standard => functional.relu(SE(se!, Branch(x)) + identity),
            SEPlacement.Pre => functional.relu(Branch(SE(se!, x)) + identity),
            SEPlacement.Post => SE(se!, functional.relu(Branch(x) + identity)),
            SEPlacement.Identity => functional.relu(Branch(x) + SE(se!, identity)),
            _ => functional.relu(Branch(x) + identity),
        };
    }

    /// <summary>Random affine parameters and running statistics in every batch norm, so folding is exercised.</summary>
    public static void RandomizeBatchNorms(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            if (child is not BatchNorm bn) continue;
            bn.weight!.uniform_(0.5, 1.5);
            bn.bias!.uniform_(-0.5, 0.5);
            bn.running_mean!.uniform_(-0.5, 0.5);
            bn.running_var!.uniform_(0.5, 2.0);
        }
    }

    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        using var d = (a - b).abs().max();
        return d.item<float>();
    }

    public static double MaxAbs(Tensor a)
    {
        using var m = a.abs().max();
        return m.item<float>();
    }
}
