using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ModelCompiler.Benchmarks.Catalog;
using ModelCompiler.Benchmarks.Torch;
using ModelCompiler.Runtime;
using static ModelCompiler.Benchmarks.Catalog.Shapes;

namespace ModelCompiler.Benchmarks.Cases;

/// <summary>
/// One TrainStep of an LSTM 28→128, Dense 10, cross-entropy, Adam on a batch of 64 × 28 steps, through a generated
/// model's own <c>TrainStep</c>, next to libtorch with the same weights, data and frozen layers.
/// </summary>
public abstract class RowsTrainingBenchmark
{
    private readonly float[] _inputs = BenchmarkData.Uniform(RowsBatch * RowsSteps * RowsInput, seed: 21);
    private readonly int[] _targets = BenchmarkData.Classes(RowsBatch, RowsClasses, seed: 22);
    private TorchTrainingModel? _torch;

    [ParamsSource(nameof(Implementations))]
    public Implementation Impl { get; set; }

    public static IEnumerable<Implementation> Implementations => Catalog.Implementations.Training();

    /// <summary>A new instance of the generated model.</summary>
    protected abstract INetworkModel CreateEngine();

    /// <summary>The generated model's <c>TrainStep</c>.</summary>
    protected abstract float EngineTrainStep(float[] inputs, int[] targets);

    /// <summary>Whether the model's LSTM is frozen (<c>Trainable = false</c>), which libtorch's copy then is too.</summary>
    protected abstract bool FrozenRecurrent { get; }

    [GlobalSetup]
    public void Setup()
    {
        Network engine = CreateEngine().Network;
        engine.Isa = Impl.ToIsa();
        engine.Cores = Impl.Cores();
        if (Impl.IsTorch())
        {
            _torch = new TorchTrainingModel(CellKind.Lstm, engine.Parameters, RowsInput, RowsHidden, RowsClasses, RowsSteps, RowsBatch, classTargets: true, 1e-3, Impl.PeerThreadCount(), FrozenRecurrent);
            // Same weights and data: the first losses must agree.
            float expected = EngineTrainStep(_inputs, _targets);
            Agreement.Require([expected], [TrainStep()], 1e-4f, $"{GetType().Name} {Impl} first loss");
        }
        WarmUp.Run(() => TrainStep());
    }

    [Benchmark]
    public float TrainStep() => Impl.IsTorch()
        ? _torch!.TrainStep(_inputs, _targets, default)
        : EngineTrainStep(_inputs, _targets);

    [GlobalCleanup]
    public void Cleanup() => _torch?.Dispose();
}
