using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;
using ModelCompiler.Benchmarks.Columns;

namespace ModelCompiler.Benchmarks;

/// <summary>
/// One short job for every case, sized so that all shapes finish in a few minutes on two cores while
/// each case still warms up for about a second (kernels reach their final JIT tier ~100 ms after first use,
/// and wide FMA runs slowly for the first ~100 µs after scalar code).
/// </summary>
public static class BenchmarkConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .AddJob(Job.Default
            .WithId("Short")
            .WithLaunchCount(1)
            .WithWarmupCount(5)
            .WithIterationCount(15)
            .WithIterationTime(TimeInterval.FromMilliseconds(200))
            .WithMinIterationTime(TimeInterval.FromMilliseconds(150))
            .WithArguments([new MsBuildArgument($"/p:CustomAfterMicrosoftCommonTargets={TorchSharpLoadFix}")]))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddColumn(StatisticColumn.Median, new GflopsColumn(), new PeakShareColumn(), new TorchRatioColumn(), new TargetColumn())
        .HideColumns(Column.Error, Column.StdDev)
        .WithOption(ConfigOptions.JoinSummary, false);

    /// <summary>
    /// The build step that makes libtorch load on Debian 12 (tests/Runtime.Tests/Oracle/TorchSharpLoadFix.targets). The project
    /// BenchmarkDotNet generates per run copies its own unpatched native library, so its build imports the fix as well.
    /// </summary>
    private static string TorchSharpLoadFix =>
        typeof(BenchmarkConfig).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == nameof(TorchSharpLoadFix)).Value!;
}
