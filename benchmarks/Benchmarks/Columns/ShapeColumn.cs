using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ModelCompiler.Benchmarks.Catalog;

namespace ModelCompiler.Benchmarks.Columns;

/// <summary>A summary column computed from a case's median time and the <see cref="Shape"/> of its benchmark class.</summary>
public abstract class ShapeColumn(string name, string legend) : IColumn
{
    public string Id => GetType().Name;
    public string ColumnName => name;
    public string Legend => legend;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        Shape? shape = benchmarkCase.Descriptor.Type.GetCustomAttribute<ShapeAttribute>() is { } attribute ? Shapes.Get(attribute.Name) : null;
        double? median = MedianNanoseconds(summary, benchmarkCase);
        return shape is null || median is null ? "-" : Format(shape, median.Value, summary, benchmarkCase);
    }

    /// <summary>The cell text for a case that ran.</summary>
    protected abstract string Format(Shape shape, double medianNanoseconds, Summary summary, BenchmarkCase benchmarkCase);

    protected static double? MedianNanoseconds(Summary summary, BenchmarkCase benchmarkCase) => summary[benchmarkCase]?.ResultStatistics?.Median;

    protected static Implementation ImplementationOf(BenchmarkCase benchmarkCase) => (Implementation)benchmarkCase.Parameters["Impl"];
}
