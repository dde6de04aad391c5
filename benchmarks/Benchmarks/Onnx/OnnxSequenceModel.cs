using System;
using Microsoft.ML.OnnxRuntime;
using ModelCompiler.Runtime;

namespace ModelCompiler.Benchmarks.Onnx;

/// <summary>ONNX Runtime's sequence path: the LSTM node over the whole sequence from a zero state, the head on its last hidden state, through a prepared I/O binding.</summary>
public sealed class OnnxSequenceModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly float[] _sequence, _output;
    private readonly OrtValue _sequenceValue, _outputValue;
    private readonly OrtIoBinding _binding;

    public OnnxSequenceModel(ParameterSet parameters, int input, int hidden, int outputs, int steps, int threads)
    {
        _session = OnnxSessions.Create(OnnxRecurrentGraph.Create(CellKind.Lstm, parameters, input, hidden, outputs, steps, streaming: false), threads);
        _sequence = new float[steps * input];
        _output = new float[outputs];
        _sequenceValue = OrtValue.CreateTensorValueFromMemory(_sequence, [steps, 1, input]);
        _outputValue = OrtValue.CreateTensorValueFromMemory(_output, [1, 1, outputs]);
        _binding = _session.CreateIoBinding();
        _binding.BindInput("x", _sequenceValue);
        _binding.BindOutput("y", _outputValue);
    }

    /// <summary>Copies the sequence in, runs it, copies the logits of the last step to <paramref name="output"/>.</summary>
    public void Predict(ReadOnlySpan<float> sequence, Span<float> output)
    {
        sequence.CopyTo(_sequence);
        _session.RunWithBinding(_runOptions, _binding);
        _output.CopyTo(output);
    }

    public void Dispose()
    {
        _binding.Dispose();
        _sequenceValue.Dispose();
        _outputValue.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
