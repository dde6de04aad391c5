using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ModelCompiler.Benchmarks.Catalog;
using ModelCompiler.Benchmarks.Onnx;
using ModelCompiler.Benchmarks.Reference;
using ModelCompiler.Benchmarks.Torch;
using ModelCompiler.Runtime;

namespace ModelCompiler.Benchmarks.Cases;

/// <summary>
/// One streaming step of a one-layer cell (input 1) and a Dense 1 head, batch 1: the engine through the generated
/// <c>Step</c>, TorchSharp's cell + Linear, ONNX Runtime's graph of the same, or plain loops, all on the engine's
/// starting weights.
/// </summary>
public abstract class StreamingStepBenchmark
{
    private const int CheckedSteps = 3;
    private readonly float[] _expected = new float[CheckedSteps];
    private IScalarCell _cell = null!;
    private ScalarDense _head = null!;
    private TorchStreamingModel? _torch;
    private OnnxStreamingModel? _onnx;

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

    /// <summary>The step's input and output.</summary>
    protected float[] StepInput { get; } = [0.25f];

    protected float[] StepOutput { get; } = new float[1];

    /// <summary>Whether this run times the engine (else a peer: <see cref="PeerStep"/>).</summary>
    protected bool EngineRuns { get; private set; }

    /// <summary>
    /// One step of the implementation under test. Each shape's benchmark calls its generated model's <c>Step</c>
    /// directly, as a user's loop does: no virtual call or switch on the timed path (they cost 1–2 ns of a 55 ns step).
    /// </summary>
    public abstract void Step();

    [GlobalSetup]
    public void Setup()
    {
        ParameterSet parameters = CreateEngine(Impl);
        EngineRuns = Impl.IsEngine();
        _cell = Cell == CellKind.Lstm ? new ScalarLstmCell(parameters, "rnn", 1, Hidden) : new ScalarGruCell(parameters, "rnn", 1, Hidden);
        _head = new ScalarDense(parameters, "head", Hidden, 1);
        if (Impl == Implementation.TorchSharp) _torch = new TorchStreamingModel(Cell, parameters, 1, Hidden, 1);
        if (Impl == Implementation.OnnxRuntime) _onnx = new OnnxStreamingModel(Cell, parameters, 1, Hidden, 1);
        // A few steps, so a peer's state hand-over is checked too, not only its first step from zero.
        for (int step = 0; step < CheckedSteps; step++)
        {
            ScalarStep();
            _expected[step] = StepOutput[0];
        }
        _cell.Reset();
        for (int step = 0; step < CheckedSteps; step++)
        {
            Step();
            Agreement.Require(_expected.AsSpan(step, 1), StepOutput, 1e-5f, $"{ShapeName} {Impl} step {step + 1}");
        }
        WarmUp.Run(Step);
    }

    /// <summary>The step of a peer: TorchSharp's cell and Linear, ONNX Runtime's graph, or the plain loops.</summary>
    protected void PeerStep()
    {
        if (Impl == Implementation.TorchSharp) _torch!.Step(StepInput, StepOutput);
        else if (Impl == Implementation.OnnxRuntime) _onnx!.Step(StepInput, StepOutput);
        else ScalarStep();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _torch?.Dispose();
        _onnx?.Dispose();
    }

    private void ScalarStep()
    {
        _cell.Step(StepInput);
        _head.Apply(_cell.Hidden, StepOutput);
    }
}
