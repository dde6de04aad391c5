using BenchmarkDotNet.Attributes;
using ModelCompiler.Benchmarks.Catalog;
using ModelCompiler.Benchmarks.Models;
using ModelCompiler.Runtime;

namespace ModelCompiler.Benchmarks.Cases;

/// <summary>stream-lstm16: one streaming step of LSTM 1→16 + Dense 1, batch 1.</summary>
[Shape(Shapes.StreamLstm16)]
public class StreamLstm16Benchmark : StreamingStepBenchmark
{
    private StreamLstm16Model _engine = null!;

    protected override string ShapeName => Shapes.StreamLstm16;
    protected override CellKind Cell => CellKind.Lstm;
    protected override int Hidden => 16;

    protected override ParameterSet CreateEngine(Implementation implementation)
    {
        _engine = new StreamLstm16Model { Isa = implementation.ToIsa() };
        return _engine.Parameters;
    }

    [Benchmark]
    public override void Step()
    {
        if (EngineRuns) _engine.Step(StepInput, StepOutput);
        else PeerStep();
    }
}
