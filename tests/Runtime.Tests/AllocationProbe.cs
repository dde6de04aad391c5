using System;

namespace ModelCompiler.Runtime.Tests;

/// <summary>Managed bytes a call allocates on this thread, after warm-up.</summary>
internal static class AllocationProbe
{
    /// <summary>
    /// The least of several measured calls: a real per-call allocation shows in every one of them, while a one-off
    /// (a JIT tier-up finishing during a call, with the rest of the suite running in parallel) shows in one at most.
    /// </summary>
    public static long BytesPerCall(Action call)
    {
        call(); // warm-up: JIT, static initializers
        call();
        long least = long.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            call();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
