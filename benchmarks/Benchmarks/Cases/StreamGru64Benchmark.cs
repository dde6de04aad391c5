using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ModelCompiler.Benchmarks.Catalog;
using ModelCompiler.Benchmarks.Models;
using ModelCompiler.Benchmarks.Reference;
using ModelCompiler.Benchmarks.Torch;
using ModelCompiler.Runtime;

namespace ModelCompiler.Benchmarks.Cases;

/// <summary>stream-gru64: one streaming step of GRU 1→64 + Dense 1, batch 1.</summary>
[Shape(Shapes.StreamGru64)]
public class StreamGru64Benchmark
{
    private const int Hidden = 64;
    private readonly float[] _x = [0.25f], _y = new float[1], _expected = new float[1];
    private StreamGru64Model _engine = null!;
    private ScalarGruCell _cell = null!;
    private ScalarDense _head = null!;
    private TorchStreamingModel? _torch;

    [ParamsSource(nameof(Implementations))]
    public Implementation Impl { get; set; }

    public static IEnumerable<Implementation> Implementations => Catalog.Implementations.Inference();

    [GlobalSetup]
    public void Setup()
    {
        _engine = new StreamGru64Model { Isa = Impl.ToIsa() };
        _cell = new ScalarGruCell(_engine.Parameters, "rnn", 1, Hidden);
        _head = new ScalarDense(_engine.Parameters, "head", Hidden, 1);
        if (Impl == Implementation.TorchSharp) _torch = new TorchStreamingModel(CellKind.Gru, _engine.Parameters, 1, Hidden, 1);
        ScalarStep();
        _y.CopyTo(_expected, 0);
        _cell.Reset();
        Step();
        Agreement.Require(_expected, _y, 1e-5f, $"{Shapes.StreamGru64} {Impl}");
        WarmUp.Run(Step);
    }

    [Benchmark]
    public void Step()
    {
        switch (Impl)
        {
            case Implementation.TorchSharp: _torch!.Step(_x, _y); break;
            case Implementation.ScalarLoop: ScalarStep(); break;
            default: _engine.Step(_x, _y); break;
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
