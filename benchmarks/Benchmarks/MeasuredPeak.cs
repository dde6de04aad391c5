using System;
using System.Diagnostics;
using System.Runtime.Intrinsics.X86;
using ModelCompiler.Benchmarks.Cases;
using ModelCompiler.Benchmarks.Catalog;

namespace ModelCompiler.Benchmarks;

/// <summary>
/// The 512-bit FMA peak of this core, timed by the host process just before the cases run (the peak-fma case's own
/// chains, best of many short intervals after a warm-up). The VM's clock moves (this machine measured 180 to 230
/// GFLOP/s, at times minutes apart), so a share of a fixed nominal peak would not compare runs honestly; the peak-fma
/// rows of the same run show how far the clock moved during it.
/// </summary>
public static class MeasuredPeak
{
    private const int CallsPerInterval = 200;

    /// <summary>GFLOP/s, or null before <see cref="Measure"/> or without AVX-512.</summary>
    public static double? Avx512Gflops { get; private set; }

    public static void Measure()
    {
        if (!Avx512F.IsSupported) return;
        double flopsPerCall = Shapes.Get(Shapes.PeakFma).FlopsPerCall;
        float sink = 0;
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 1000) sink += PeakFmaBenchmark.Chains512(); // past the slow start of wide FMA
        double best = double.MaxValue;
        for (int interval = 0; interval < 100; interval++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int call = 0; call < CallsPerInterval; call++) sink += PeakFmaBenchmark.Chains512();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        Avx512Gflops = flopsPerCall * CallsPerInterval / best / 1e9;
        GC.KeepAlive(sink);
    }
}
