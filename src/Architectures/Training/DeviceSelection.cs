using static TorchSharp.torch;

namespace Architectures.Training;

/// <summary>Maps --device to a LibTorch device, explaining what to do when CUDA is asked for but cannot be used.</summary>
public static class DeviceSelection
{
    /// <summary>Whether this build links the CUDA LibTorch backend (built with <c>-p:TorchBackend=cuda</c>).</summary>
    public const bool CudaBuild =
#if TORCH_CUDA
        true;
#else
        false;
#endif

    public static Device Resolve(string request)
    {
        // cuda.is_available() is safe on a CPU build; touching torch.CUDA there would throw.
        bool available = cuda.is_available();
        switch (request)
        {
            case "cpu":
                return CPU;
            case "auto":
                return available ? CUDA : CPU;
            case "cuda" when available:
                return CUDA;
            case "cuda":
                throw new OptionsException(CudaBuild
                    ? "--device cuda: this is a CUDA build but LibTorch finds no usable GPU (check the NVIDIA driver), or use --device cpu"
                    : "--device cuda: this build uses the CPU LibTorch backend; rebuild with `dotnet build -p:TorchBackend=cuda` " +
                      "(CUDA LibTorch packages and an NVIDIA driver needed), or use --device cpu");
            default:
                throw new OptionsException($"--device {request}: must be auto, cpu or cuda");
        }
    }
}
