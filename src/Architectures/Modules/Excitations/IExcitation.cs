using static TorchSharp.torch;

namespace Architectures.Modules;

/// <summary>
/// A member of the SE family: computes the gate s from a feature map u; the caller scales u by it (x̃ = s · u),
/// usually fused with its own arithmetic. s broadcasts against u: [N, C, 1, 1], or [N, C, H, W] for NoSqueeze.
/// </summary>
public interface IExcitation
{
    /// <summary>The gate s for the feature map u.</summary>
    Tensor Excite(Tensor u);
}
