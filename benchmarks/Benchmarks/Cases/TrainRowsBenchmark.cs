using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ModelCompiler.Benchmarks.Catalog;
using ModelCompiler.Benchmarks.Models;
using ModelCompiler.Benchmarks.Torch;
using ModelCompiler.Runtime;
using static ModelCompiler.Benchmarks.Catalog.Shapes;

namespace ModelCompiler.Benchmarks.Cases;

/// <summary>train-rows: one TrainStep of LSTM 28→128, Dense 10, cross-entropy, Adam on a batch of 64 × 28 steps.</summary>
[Shape(TrainRows)]
public class TrainRowsBenchmark
{
    private readonly float[] _inputs = BenchmarkData.Uniform(RowsBatch * RowsSteps * RowsInput, seed: 21);
    private readonly int[] _targets = BenchmarkData.Classes(RowsBatch, RowsClasses, seed: 22);
    private TrainRowsModel _engine = null!;
    private TorchTrainingModel? _torch;

    [ParamsSource(nameof(Implementations))]
    public Implementation Impl { get; set; }

    public static IEnumerable<Implementation> Implementations => Catalog.Implementations.Training();

    [GlobalSetup]
    public void Setup()
    {
        _engine = new TrainRowsModel { Isa = Impl.ToIsa() };
        _engine.Network.Cores = Impl.Cores();
        if (Impl.IsTorch())
        {
            _torch = new TorchTrainingModel(CellKind.Lstm, _engine.Parameters, RowsInput, RowsHidden, RowsClasses, RowsSteps, RowsBatch, classTargets: true, 1e-3, Impl.TorchThreadCount());
            // Same weights and data: the first losses must agree.
            float expected = _engine.TrainStep(_inputs, _targets);
            Agreement.Require([expected], [TrainStep()], 1e-4f, $"{TrainRows} {Impl} first loss");
        }
        WarmUp.Run(() => TrainStep());
    }

    [Benchmark]
    public float TrainStep() => Impl.IsTorch()
        ? _torch!.TrainStep(_inputs, _targets, default)
        : _engine.TrainStep(_inputs, _targets);

    [GlobalCleanup]
    public void Cleanup() => _torch?.Dispose();
}
