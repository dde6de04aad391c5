using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ModelCompiler.Benchmarks.Catalog;

namespace ModelCompiler.Benchmarks.Columns;

/// <summary>Whether the median of our engine meets the issue-4 target of the shape (TorchSharp and the scalar loops have none).</summary>
public sealed class TargetColumn() : ShapeColumn("Target", "Issue-4 target per call: met when the median is at or below it")
{
    protected override string Format(Shape shape, double medianNanoseconds, Summary summary, BenchmarkCase benchmarkCase)
    {
        bool engine = ImplementationOf(benchmarkCase).IsEngine();
        if (shape.TargetNanoseconds is not { } target || !engine) return "-";
        return $"{(medianNanoseconds <= target ? "met" : "NOT met")} (<= {TimeText(target)})";
    }

    private static string TimeText(double nanoseconds) =>
        nanoseconds >= 1e6 ? $"{nanoseconds / 1e6:0.##} ms" : nanoseconds >= 1e3 ? $"{nanoseconds / 1e3:0.##} us" : $"{nanoseconds:0.##} ns";
}
