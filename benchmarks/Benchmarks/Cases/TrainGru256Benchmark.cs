using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ModelCompiler.Benchmarks.Catalog;
using ModelCompiler.Benchmarks.Models;
using ModelCompiler.Benchmarks.Torch;
using ModelCompiler.Runtime;
using static ModelCompiler.Benchmarks.Catalog.Shapes;

namespace ModelCompiler.Benchmarks.Cases;

/// <summary>train-gru256: one TrainStep of GRU 32→256, Dense 32, MSE, Adam on a batch of 64 × 50 steps.</summary>
[Shape(TrainGru256)]
public class TrainGru256Benchmark
{
    private readonly float[] _inputs = BenchmarkData.Uniform(Gru256Batch * Gru256Steps * Gru256Input, seed: 31);
    private readonly float[] _targets = BenchmarkData.Uniform(Gru256Batch * Gru256Outputs, seed: 32);
    private TrainGru256Model _engine = null!;
    private TorchTrainingModel? _torch;

    [ParamsSource(nameof(Implementations))]
    public Implementation Impl { get; set; }

    public static IEnumerable<Implementation> Implementations => Catalog.Implementations.Training();

    [GlobalSetup]
    public void Setup()
    {
        _engine = new TrainGru256Model { Isa = Impl.ToIsa() };
        _engine.Network.Cores = Impl.Cores();
        if (Impl.IsTorch())
        {
            _torch = new TorchTrainingModel(CellKind.Gru, _engine.Parameters, Gru256Input, Gru256Hidden, Gru256Outputs, Gru256Steps, Gru256Batch, classTargets: false, 1e-3, Impl.PeerThreadCount());
            // Same weights and data: the first losses must agree.
            float expected = _engine.TrainStep(_inputs, _targets);
            Agreement.Require([expected], [TrainStep()], 1e-4f, $"{TrainGru256} {Impl} first loss");
        }
        WarmUp.Run(() => TrainStep());
    }

    [Benchmark]
    public float TrainStep() => Impl.IsTorch()
        ? _torch!.TrainStep(_inputs, default, _targets)
        : _engine.TrainStep(_inputs, _targets);

    [GlobalCleanup]
    public void Cleanup() => _torch?.Dispose();
}
