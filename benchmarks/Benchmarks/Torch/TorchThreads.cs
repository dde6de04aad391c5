using static TorchSharp.torch;

namespace ModelCompiler.Benchmarks.Torch;

/// <summary>Keeps libtorch on one thread, as our engine runs on one.</summary>
public static class TorchThreads
{
    private static bool _set;

    /// <summary>Sets libtorch's intra- and inter-op pools to one thread (once: libtorch refuses a second inter-op setting).</summary>
    public static void UseOne()
    {
        if (_set) return;
        set_num_threads(1);
        set_num_interop_threads(1);
        _set = true;
    }
}
