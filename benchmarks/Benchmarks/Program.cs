using System;
using BenchmarkDotNet.Running;
using ModelCompiler.Benchmarks;

// Usage: dotnet run -c Release --project benchmarks/Benchmarks -- --filter '*'   (see benchmarks/README.md)
MachineReport.Print(Console.Out);
BenchmarkSwitcher.FromAssembly(typeof(BenchmarkConfig).Assembly).Run(args, BenchmarkConfig.Create());
