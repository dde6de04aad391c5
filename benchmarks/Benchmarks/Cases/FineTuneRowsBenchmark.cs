using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ModelCompiler.Benchmarks.Catalog;
using ModelCompiler.Benchmarks.Models;
using ModelCompiler.Benchmarks.Torch;
using ModelCompiler.Runtime;
using static ModelCompiler.Benchmarks.Catalog.Shapes;

namespace ModelCompiler.Benchmarks.Cases;

/// <summary>finetune-rows: one TrainStep of train-rows' model with its LSTM frozen (<c>Trainable = false</c>, PyTorch's
/// <c>requires_grad_(False)</c>): the LSTM runs forward only, the head learns.</summary>
[Shape(FineTuneRows)]
public class FineTuneRowsBenchmark
{
    private readonly float[] _inputs = BenchmarkData.Uniform(RowsBatch * RowsSteps * RowsInput, seed: 21);
    private readonly int[] _targets = BenchmarkData.Classes(RowsBatch, RowsClasses, seed: 22);
    private FineTuneRowsModel _engine = null!;
    private TorchTrainingModel? _torch;

    [ParamsSource(nameof(Implementations))]
    public Implementation Impl { get; set; }

    public static IEnumerable<Implementation> Implementations => Catalog.Implementations.Training();

    [GlobalSetup]
    public void Setup()
    {
        _engine = new FineTuneRowsModel { Isa = Impl.ToIsa() };
        _engine.Network.Cores = Impl.Cores();
        if (Impl.IsTorch())
        {
            _torch = new TorchTrainingModel(CellKind.Lstm, _engine.Parameters, RowsInput, RowsHidden, RowsClasses, RowsSteps, RowsBatch, classTargets: true, 1e-3, Impl.TorchThreadCount(), frozenRecurrent: true);
            // Same weights and data: the first losses must agree.
            float expected = _engine.TrainStep(_inputs, _targets);
            Agreement.Require([expected], [TrainStep()], 1e-4f, $"{FineTuneRows} {Impl} first loss");
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
