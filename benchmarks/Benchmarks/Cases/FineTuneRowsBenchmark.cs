using ModelCompiler.Benchmarks.Catalog;
using ModelCompiler.Benchmarks.Models;
using ModelCompiler.Runtime;
using static ModelCompiler.Benchmarks.Catalog.Shapes;

namespace ModelCompiler.Benchmarks.Cases;

/// <summary>
/// finetune-rows: one TrainStep of train-rows' model with its LSTM frozen (<c>Trainable = false</c>, PyTorch's
/// <c>requires_grad_(False)</c>): the LSTM runs forward only, the head learns.
/// </summary>
[Shape(FineTuneRows)]
public class FineTuneRowsBenchmark : RowsTrainingBenchmark
{
    private FineTuneRowsModel _engine = null!;

    protected override INetworkModel CreateEngine() => _engine = new FineTuneRowsModel();

    protected override float EngineTrainStep(float[] inputs, int[] targets) => _engine.TrainStep(inputs, targets);

    protected override bool FrozenRecurrent => true;
}
