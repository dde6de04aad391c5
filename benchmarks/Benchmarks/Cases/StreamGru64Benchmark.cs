using BenchmarkDotNet.Attributes;
using ModelCompiler.Benchmarks.Catalog;
using ModelCompiler.Benchmarks.Models;
using ModelCompiler.Runtime;

namespace ModelCompiler.Benchmarks.Cases;

/// <summary>stream-gru64: one streaming step of GRU 1→64 + Dense 1, batch 1.</summary>
[Shape(Shapes.StreamGru64)]
public class StreamGru64Benchmark : StreamingStepBenchmark
{
    private StreamGru64Model _engine = null!;

    protected override string ShapeName => Shapes.StreamGru64;
    protected override CellKind Cell => CellKind.Gru;
    protected override int Hidden => 64;

    protected override ParameterSet CreateEngine(Implementation implementation)
    {
        _engine = new StreamGru64Model { Isa = implementation.ToIsa() };
        return _engine.Parameters;
    }

    [Benchmark]
    public override void Step()
    {
        if (EngineRuns) _engine.Step(StepInput, StepOutput);
        else PeerStep();
    }
}
