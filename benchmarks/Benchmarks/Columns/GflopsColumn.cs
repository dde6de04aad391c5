using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ModelCompiler.Benchmarks.Catalog;

namespace ModelCompiler.Benchmarks.Columns;

/// <summary>Analytical FLOPs per call divided by the median time.</summary>
public sealed class GflopsColumn() : ShapeColumn("GFLOP/s", "Analytical FLOPs per call (see FlopCount) / median time")
{
    protected override string Format(Shape shape, double medianNanoseconds, Summary summary, BenchmarkCase benchmarkCase) =>
        (shape.FlopsPerCall / medianNanoseconds).ToString("0.00");
}
