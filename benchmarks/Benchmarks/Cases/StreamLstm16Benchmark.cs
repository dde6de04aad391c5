using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ModelCompiler.Benchmarks.Catalog;
using ModelCompiler.Benchmarks.Models;
using ModelCompiler.Benchmarks.Reference;
using ModelCompiler.Benchmarks.Torch;
using ModelCompiler.Runtime;

namespace ModelCompiler.Benchmarks.Cases;

/// <summary>stream-lstm16: one streaming step of LSTM 1→16 + Dense 1, batch 1.</summary>
[Shape(Shapes.StreamLstm16)]
public class StreamLstm16Benchmark
{
    private const int Hidden = 16;
    private readonly float[] _x = [0.25f], _y = new float[1], _expected = new float[1];
    private StreamLstm16Model _engine = null!;
    private ScalarLstmCell _cell = null!;
    private ScalarDense _head = null!;
    private TorchStreamingModel? _torch;

    [ParamsSource(nameof(Implementations))]
    public Implementation Impl { get; set; }

    public static IEnumerable<Implementation> Implementations => Catalog.Implementations.Inference();

    [GlobalSetup]
    public void Setup()
    {
        _engine = new StreamLstm16Model { Isa = Impl.ToIsa() };
        _cell = new ScalarLstmCell(_engine.Parameters, "rnn", 1, Hidden);
        _head = new ScalarDense(_engine.Parameters, "head", Hidden, 1);
        if (Impl == Implementation.TorchSharp) _torch = new TorchStreamingModel(CellKind.Lstm, _engine.Parameters, 1, Hidden, 1);
        ScalarStep();
        _y.CopyTo(_expected, 0);
        _cell.Reset();
        Step();
        Agreement.Require(_expected, _y, 1e-5f, $"{Shapes.StreamLstm16} {Impl}");
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
