using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ModelCompiler.Benchmarks.Catalog;
using ModelCompiler.Benchmarks.Reference;
using ModelCompiler.Benchmarks.Torch;
using ModelCompiler.Runtime;

namespace ModelCompiler.Benchmarks.Cases;

/// <summary>
/// One streaming step of a one-layer cell (input 1) and a Dense 1 head, batch 1: the engine through the generated
/// <c>Step</c>, TorchSharp's cell + Linear, or plain loops, all on the engine's starting weights.
/// </summary>
public abstract class StreamingStepBenchmark
{
    private readonly float[] _x = [0.25f], _y = new float[1], _expected = new float[1];
    private IScalarCell _cell = null!;
    private ScalarDense _head = null!;
    private TorchStreamingModel? _torch;

    [ParamsSource(nameof(Implementations))]
    public Implementation Impl { get; set; }

    public static IEnumerable<Implementation> Implementations => Catalog.Implementations.Inference();

    /// <summary>The shape's name, for messages.</summary>
    protected abstract string ShapeName { get; }

    /// <summary>The cell the generated model uses (its recurrent layer is named "rnn", its head "head").</summary>
    protected abstract CellKind Cell { get; }

    protected abstract int Hidden { get; }

    /// <summary>Builds the generated model on the given path and returns its parameters.</summary>
    protected abstract ParameterSet CreateEngine(Implementation implementation);

    /// <summary>The generated model's <c>Step</c>.</summary>
    protected abstract void EngineStep(float[] x, float[] y);

    [GlobalSetup]
    public void Setup()
    {
        ParameterSet parameters = CreateEngine(Impl);
        _cell = Cell == CellKind.Lstm ? new ScalarLstmCell(parameters, "rnn", 1, Hidden) : new ScalarGruCell(parameters, "rnn", 1, Hidden);
        _head = new ScalarDense(parameters, "head", Hidden, 1);
        if (Impl == Implementation.TorchSharp) _torch = new TorchStreamingModel(Cell, parameters, 1, Hidden, 1);
        ScalarStep();
        _y.CopyTo(_expected, 0);
        _cell.Reset();
        Step();
        Agreement.Require(_expected, _y, 1e-5f, $"{ShapeName} {Impl}");
        WarmUp.Run(Step);
    }

    [Benchmark]
    public void Step()
    {
        switch (Impl)
        {
            case Implementation.TorchSharp: _torch!.Step(_x, _y); break;
            case Implementation.ScalarLoop: ScalarStep(); break;
            default: EngineStep(_x, _y); break;
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _torch?.Dispose();

    private void ScalarStep()
    {
        _cell.Step(_x);
        _head.Apply(_cell.Hidden, _y);
    }
}
