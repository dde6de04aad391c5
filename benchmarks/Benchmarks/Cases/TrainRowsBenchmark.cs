using ModelCompiler.Benchmarks.Catalog;
using ModelCompiler.Benchmarks.Models;
using ModelCompiler.Runtime;
using static ModelCompiler.Benchmarks.Catalog.Shapes;

namespace ModelCompiler.Benchmarks.Cases;

/// <summary>train-rows: one TrainStep of LSTM 28→128, Dense 10, cross-entropy, Adam on a batch of 64 × 28 steps.</summary>
[Shape(TrainRows)]
public class TrainRowsBenchmark : RowsTrainingBenchmark
{
    private TrainRowsModel _engine = null!;

    protected override INetworkModel CreateEngine() => _engine = new TrainRowsModel();

    protected override float EngineTrainStep(float[] inputs, int[] targets) => _engine.TrainStep(inputs, targets);

    protected override bool FrozenRecurrent => false;
}
