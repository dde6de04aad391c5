using System;
using System.Diagnostics;

namespace ModelCompiler.Benchmarks.Cases;

/// <summary>
/// Runs a call repeatedly for a fixed time before BenchmarkDotNet starts measuring. Its own warm-up counts
/// operations, and for calls of several milliseconds whose first run (JIT included) exceeds the iteration time
/// it settles on one operation per iteration, which is too little for the tiered JIT to install final code.
/// </summary>
public static class WarmUp
{
    /// <summary>At least one second: kernels reach their final tier ~100 ms after first use.</summary>
    public static void Run(Action call)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(1)) call();
    }
}
