using System;
using BenchmarkDotNet.Running;
using ModelCompiler.Benchmarks;

// Usage: dotnet run -c Release --project benchmarks/Benchmarks -- --filter '*'   (see benchmarks/README.md)
MachineReport.Print(Console.Out);
MeasuredPeak.Measure();
Console.WriteLine(MeasuredPeak.Avx512Gflops is { } peak ? $"512-bit FMA peak measured now: {peak:0.0} GFLOP/s (the %Peak column's reference)" : "No AVX-512: %Peak uses the nominal peak.");
BenchmarkSwitcher.FromAssembly(typeof(BenchmarkConfig).Assembly).Run(args, BenchmarkConfig.Create());
