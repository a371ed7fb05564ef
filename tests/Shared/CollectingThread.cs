using System;
using System.Threading;
using TorchSharp;

namespace Architectures.Testing;

/// <summary>
/// A thread that allocates, forces collections and drops scalars for the finalizer to free, until disposed: the load
/// under which TorchSharp's temporary scalars are freed mid-call (README: "TorchSharp's temporary scalars"). Linked into
/// the tests and the benchmarks.
/// </summary>
internal sealed class CollectingThread : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;

    public CollectingThread()
    {
        _thread = new Thread(Run) { IsBackground = true };
        _thread.Start();
    }

    private void Run()
    {
        var kept = new object[64];
        for (int i = 0; !_stop; i++)
        {
            kept[i % kept.Length] = new byte[32 * 1024];
            _ = (Scalar)2.5; // dropped: the finalizer frees its native scalar
            if (i % 16 == 0) GC.Collect(0, GCCollectionMode.Forced, blocking: false);
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
