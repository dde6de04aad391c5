using static TorchSharp.torch;

namespace ModelCompiler.Benchmarks.Torch;

/// <summary>Sets libtorch's thread pools: one thread, as our engine runs on one, or two next to our two-core rows.</summary>
public static class TorchThreads
{
    private static bool _set;

    /// <summary>Sets libtorch's intra-op pool to <paramref name="threads"/> and its inter-op pool to one (once per process: libtorch refuses a second inter-op setting).</summary>
    public static void Use(int threads)
    {
        if (_set) return;
        set_num_threads(threads);
        set_num_interop_threads(1);
        _set = true;
    }

    /// <summary>One thread.</summary>
    public static void UseOne() => Use(1);
}
