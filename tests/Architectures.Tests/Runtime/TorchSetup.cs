using TorchSharp;

namespace Architectures.Tests.Runtime;

/// <summary>Pins LibTorch to one thread: tests are deterministic and do not oversubscribe the shared cores.</summary>
internal static class TorchSetup
{
    private static readonly object Gate = new();
    private static bool _done;

    public static void Once()
    {
        lock (Gate)
        {
            if (_done) return;
            torch.set_num_threads(1);
            torch.manual_seed(0);
            // The command-line tests look architectures up by name, as `arch` does with the Zoo.
            Architectures.Reporting.ArchitectureRegistry.Include(typeof(Architectures.Zoo.Catalog).Assembly);
            _done = true;
        }
    }
}
