using System.Linq;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ModelCompiler.Benchmarks.Catalog;

namespace ModelCompiler.Benchmarks.Columns;

/// <summary>Median time over TorchSharp's median for the same shape in the same run (below 1 is faster than libtorch).</summary>
public sealed class TorchRatioColumn() : ShapeColumn("vsTorch", "Median / TorchSharp median of the same shape, same run (<1: faster)")
{
    protected override string Format(Shape shape, double medianNanoseconds, Summary summary, BenchmarkCase benchmarkCase)
    {
        BenchmarkCase? torch = summary.BenchmarksCases.FirstOrDefault(other =>
            other.Descriptor.Type == benchmarkCase.Descriptor.Type && ImplementationOf(other) == Implementation.TorchSharp);
        double? torchMedian = torch is null ? null : MedianNanoseconds(summary, torch);
        return torchMedian is null ? "-" : (medianNanoseconds / torchMedian.Value).ToString("0.000");
    }
}
