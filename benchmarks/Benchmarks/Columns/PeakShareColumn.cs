using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ModelCompiler.Benchmarks.Catalog;

namespace ModelCompiler.Benchmarks.Columns;

/// <summary>
/// GFLOP/s as a share of the 512-bit FMA peak measured by this run's host process (<see cref="MeasuredPeak"/>);
/// without a measurement, of the nominal peak in shared/MACHINE.md.
/// </summary>
public sealed class PeakShareColumn() : ShapeColumn("%Peak", Describe())
{
    /// <summary>Two 512-bit FMA units at the 2.38 GHz dense AVX-512 clock of shared/MACHINE.md's machine.</summary>
    public const double NominalPeakGflops = 151;

    private static double PeakGflops => MeasuredPeak.Avx512Gflops ?? NominalPeakGflops;

    private static string Describe() => MeasuredPeak.Avx512Gflops is { } measured
        ? $"GFLOP/s / {measured:0.0} GFLOP/s (512-bit FMA peak of one core, measured at the start of this run)"
        : $"GFLOP/s / {NominalPeakGflops} GFLOP/s (nominal AVX-512 FMA peak, one core: no measurement)";

    protected override string Format(Shape shape, double medianNanoseconds, Summary summary, BenchmarkCase benchmarkCase) =>
        (100 * shape.FlopsPerCall / medianNanoseconds / PeakGflops).ToString("0.0") + "%";
}
