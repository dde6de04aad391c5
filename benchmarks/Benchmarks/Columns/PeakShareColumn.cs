using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ModelCompiler.Benchmarks.Catalog;

namespace ModelCompiler.Benchmarks.Columns;

/// <summary>GFLOP/s as a share of the machine's nominal AVX-512 FMA peak (shared/MACHINE.md); the peak-fma case measures it.</summary>
public sealed class PeakShareColumn() : ShapeColumn("%Peak", $"GFLOP/s / {NominalPeakGflops} GFLOP/s (nominal AVX-512 FMA peak, one core)")
{
    /// <summary>Two 512-bit FMA units at the 2.38 GHz dense AVX-512 clock.</summary>
    public const double NominalPeakGflops = 151;

    protected override string Format(Shape shape, double medianNanoseconds, Summary summary, BenchmarkCase benchmarkCase) =>
        (100 * shape.FlopsPerCall / medianNanoseconds / NominalPeakGflops).ToString("0.0") + "%";
}
