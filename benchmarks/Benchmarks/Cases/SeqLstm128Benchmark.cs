using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ModelCompiler.Benchmarks.Catalog;
using ModelCompiler.Benchmarks.Models;
using ModelCompiler.Benchmarks.Onnx;
using ModelCompiler.Benchmarks.Reference;
using ModelCompiler.Benchmarks.Torch;
using static ModelCompiler.Benchmarks.Catalog.Shapes;

namespace ModelCompiler.Benchmarks.Cases;

/// <summary>
/// seq-lstm128: Predict over 100 steps of LSTM 64→128, Dense 10 on the last step, batch 1; also on two cores (the
/// engine's <c>Network.Cores = 2</c>) next to both peers on two threads.
/// </summary>
[Shape(SeqLstm128)]
public class SeqLstm128Benchmark
{
    private readonly float[] _sequence = BenchmarkData.Uniform(SeqSteps * SeqInput, seed: 11);
    private readonly float[] _output = new float[SeqClasses], _expected = new float[SeqClasses];
    private SeqLstm128Model _engine = null!;
    private ScalarLstmCell _cell = null!;
    private ScalarDense _head = null!;
    private TorchSequenceModel? _torch;
    private OnnxSequenceModel? _onnx;

    [ParamsSource(nameof(Implementations))]
    public Implementation Impl { get; set; }

    public static IEnumerable<Implementation> Implementations => Catalog.Implementations.SequenceInference();

    [GlobalSetup]
    public void Setup()
    {
        _engine = new SeqLstm128Model { Isa = Impl.ToIsa() };
        _engine.Network.Cores = Impl.Cores();
        _cell = new ScalarLstmCell(_engine.Parameters, "rnn", SeqInput, SeqHidden);
        _head = new ScalarDense(_engine.Parameters, "head", SeqHidden, SeqClasses);
        if (Impl.IsTorch()) _torch = new TorchSequenceModel(_engine.Parameters, SeqInput, SeqHidden, SeqClasses, SeqSteps, Impl.PeerThreadCount());
        if (Impl.IsOnnxRuntime()) _onnx = new OnnxSequenceModel(_engine.Parameters, SeqInput, SeqHidden, SeqClasses, SeqSteps, Impl.PeerThreadCount());
        ScalarPredict();
        _output.CopyTo(_expected, 0);
        Predict();
        Agreement.Require(_expected, _output, 1e-4f, $"{SeqLstm128} {Impl}");
        WarmUp.Run(Predict);
    }

    [Benchmark]
    public void Predict()
    {
        if (_torch is not null) _torch.Predict(_sequence, _output);
        else if (_onnx is not null) _onnx.Predict(_sequence, _output);
        else if (Impl == Implementation.ScalarLoop) ScalarPredict();
        else _engine.Predict(_sequence, _output);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _torch?.Dispose();
        _onnx?.Dispose();
    }

    private void ScalarPredict()
    {
        _cell.Reset();
        for (int t = 0; t < SeqSteps; t++) _cell.Step(_sequence.AsSpan(t * SeqInput, SeqInput));
        _head.Apply(_cell.Hidden, _output);
    }
}
