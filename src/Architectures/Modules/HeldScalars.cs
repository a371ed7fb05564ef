using TorchSharp;

namespace Architectures.Modules;

/// <summary>
/// Scalars for TorchSharp calls that would otherwise convert a number on the fly. TorchSharp passes a temporary
/// <see cref="Scalar"/>'s native handle to LibTorch without keeping the object alive, so a garbage collection on
/// another thread can free it mid-call (see <see cref="SafeBatchNorm2d"/>); these are rooted for the process's life.
/// Calls with a run-time value create their scalar with <c>using var s = value.ToScalar();</c> instead.
/// </summary>
public static class HeldScalars
{
    /// <summary>
    /// The integer 1: the <c>alpha</c> of a plain addition, and a counter's step. Shared by the whole process: never
    /// dispose it (no <c>using</c>), or every module that adds with it fails.
    /// </summary>
    public static Scalar One { get; } = 1L.ToScalar();
}
