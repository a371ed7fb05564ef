using System;
using System.Runtime.InteropServices;
using TorchSharp;
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
                    : "--device cuda: LibTorch sees no GPU; this build ships the CPU LibTorch backend: rebuild with " +
                      "`dotnet build -p:TorchBackend=cuda` (CUDA LibTorch packages and an NVIDIA driver needed), or run a bundle without " +
                      "LibTorch against a CUDA LibTorch on LD_LIBRARY_PATH (scripts/gpu/make_bundle.sh), or use --device cpu");
            default:
                throw new OptionsException($"--device {request}: must be auto, cpu or cuda");
        }
    }

    /// <summary>One line saying where training runs: the device, and for CUDA the GPU count and whether cuDNN is there.</summary>
    public static string Describe(Device device) =>
        device.type == DeviceType.CUDA
            ? $"CUDA ({cuda.device_count()} GPU(s), cuDNN {(cuda.is_cudnn_available() ? "available" : "NOT available")})"
            : device.type.ToString();

    /// <summary>
    /// Turns on LibTorch's deterministic settings, as PyTorch's <c>torch.backends.cudnn.deterministic = True</c>,
    /// <c>benchmark = False</c> and <c>torch.use_deterministic_algorithms(True, warn_only=True)</c> do (an operation with
    /// no deterministic implementation warns), and sets <c>CUBLAS_WORKSPACE_CONFIG=:4096:8</c> for cuBLAS unless the
    /// environment already has a value. Without them cuDNN may pick non-deterministic algorithms, so two CUDA runs of one
    /// seed differ in the last bits and then drift. Call before the first cuBLAS call (cuBLAS reads its variable when
    /// it starts). LibTorch's deterministic mode would also fill every new tensor with NaN (to expose reads of
    /// uninitialised memory): an extra write pass per operation that reproducibility does not need, so it is turned off.
    /// Returns the line to print: the settings read back from LibTorch.
    /// </summary>
    public static string ApplyDeterminism()
    {
        // .NET's Environment.SetEnvironmentVariable changes only the managed copy; cuBLAS reads the C environment.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(CublasWorkspaceVariable)))
        {
            if (setenv(CublasWorkspaceVariable, CublasWorkspace, overwrite: 1) != 0)
                throw new InvalidOperationException($"could not set {CublasWorkspaceVariable} (setenv failed)");
            Environment.SetEnvironmentVariable(CublasWorkspaceVariable, CublasWorkspace);
        }
        LibTorchContext.Set(new DeterminismSettings(CudnnDeterministic: true, CudnnBenchmark: false, Algorithms: true, WarnOnly: true,
            FillUninitializedMemory: false));
        var now = LibTorchContext.Get();
        return $"deterministic: cuDNN deterministic {OnOff(now.CudnnDeterministic)}, cuDNN benchmark {OnOff(now.CudnnBenchmark)}, " +
               $"deterministic algorithms {OnOff(now.Algorithms)}{(now.Algorithms && now.WarnOnly ? " (warn only)" : "")}, " +
               $"{CublasWorkspaceVariable}={Environment.GetEnvironmentVariable(CublasWorkspaceVariable)}";
    }

    private const string CublasWorkspaceVariable = "CUBLAS_WORKSPACE_CONFIG";
    private const string CublasWorkspace = ":4096:8";

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value,
        int overwrite);

    private static string OnOff(bool value) => value ? "on" : "off";
}

/// <summary>LibTorch's global determinism switches, as PyTorch's torch.backends.cudnn.deterministic/benchmark and torch.use_deterministic_algorithms set them.</summary>
public sealed record DeterminismSettings(bool CudnnDeterministic, bool CudnnBenchmark, bool Algorithms, bool WarnOnly,
    bool FillUninitializedMemory);

/// <summary>
/// Reads and writes <c>at::globalContext()</c>'s determinism and oneDNN switches, which TorchSharp 0.107 does not expose (its
/// <c>torch.use_deterministic_algorithms</c> is marked obsolete-as-error and throws NotImplementedException;
/// <c>torch.backends.cudnn</c> has only <c>allow_tf32</c>): the C++ member functions are exported by libtorch_cpu.so and
/// are called through their mangled names (Itanium C++ ABI, x86-64 and arm64: the object pointer is the first argument).
/// Linux only.
/// </summary>
public static class LibTorchContext
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContext();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    private delegate bool GetFlag(IntPtr context);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetFlag(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool value);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetFlags(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool value, [MarshalAs(UnmanagedType.U1)] bool warnOnly);

    public static DeterminismSettings Get()
    {
        IntPtr context = Context(out IntPtr library);
        return new DeterminismSettings(
            Export<GetFlag>(library, "_ZNK2at7Context18deterministicCuDNNEv")(context),
            Export<GetFlag>(library, "_ZNK2at7Context14benchmarkCuDNNEv")(context),
            Export<GetFlag>(library, "_ZNK2at7Context23deterministicAlgorithmsEv")(context),
            Export<GetFlag>(library, "_ZNK2at7Context31deterministicAlgorithmsWarnOnlyEv")(context),
            Export<GetFlag>(library, "_ZNK2at7Context36deterministicFillUninitializedMemoryEv")(context));
    }

    public static void Set(DeterminismSettings settings)
    {
        IntPtr context = Context(out IntPtr library);
        Export<SetFlag>(library, "_ZN2at7Context21setDeterministicCuDNNEb")(context, settings.CudnnDeterministic);
        Export<SetFlag>(library, "_ZN2at7Context17setBenchmarkCuDNNEb")(context, settings.CudnnBenchmark);
        Export<SetFlags>(library, "_ZN2at7Context26setDeterministicAlgorithmsEbb")(context, settings.Algorithms, settings.WarnOnly);
        Export<SetFlag>(library, "_ZN2at7Context39setDeterministicFillUninitializedMemoryEb")(context, settings.FillUninitializedMemory);
    }

    /// <summary>Whether LibTorch may use oneDNN (MKL-DNN) CPU kernels: PyTorch's <c>torch.backends.mkldnn.enabled</c>.</summary>
    public static bool MkldnnEnabled()
    {
        IntPtr context = Context(out IntPtr library);
        return Export<GetFlag>(library, "_ZNK2at7Context17userEnabledMkldnnEv")(context);
    }

    /// <summary>Sets PyTorch's <c>torch.backends.mkldnn.enabled</c>; LibTorch checks it on every convolution.</summary>
    public static void SetMkldnnEnabled(bool enabled)
    {
        IntPtr context = Context(out IntPtr library);
        Export<SetFlag>(library, "_ZN2at7Context20setUserEnabledMkldnnEb")(context, enabled);
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    private delegate bool GetGlobalFlag();

    /// <summary>
    /// Whether LibTorch's NNPACK initialises on this CPU (PyTorch's <c>torch.backends.nnpack.is_available()</c>). NNPACK
    /// reads the cache hierarchy through cpuinfo; where it cannot, it prints "Could not initialize NNPACK! Reason:
    /// Unsupported hardware" and answers false.
    /// </summary>
    public static bool NnpackAvailable()
    {
        Context(out IntPtr library);
        return Export<GetGlobalFlag>(library, "_ZN2at6native17_nnpack_availableEv")();
    }

    private static IntPtr Context(out IntPtr library)
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            throw new PlatformNotSupportedException("LibTorch's global switches are reached through libtorch_cpu.so's C++ exports (Linux only)");
        // Loads LibTorch the way TorchSharp does (first use), then finds the exports through LibTorchSharp's handle:
        // dlsym on a handle also searches the libraries it depends on (libtorch_cpu.so), wherever they were found.
        _ = get_num_threads();
        if (!NativeLibrary.TryLoad("LibTorchSharp", typeof(torch).Assembly, null, out library))
            throw new InvalidOperationException("LibTorchSharp is not loadable");
        return Export<GlobalContext>(library, "_ZN2at13globalContextEv")();
    }

    private static T Export<T>(IntPtr library, string name) where T : Delegate =>
        NativeLibrary.TryGetExport(library, name, out IntPtr address)
            ? Marshal.GetDelegateForFunctionPointer<T>(address)
            : throw new InvalidOperationException($"LibTorch does not export {name} (a different LibTorch version?)");
}
