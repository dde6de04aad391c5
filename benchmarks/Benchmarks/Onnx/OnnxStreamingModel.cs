using System;
using Microsoft.ML.OnnxRuntime;
using ModelCompiler.Runtime;

namespace ModelCompiler.Benchmarks.Onnx;

/// <summary>
/// ONNX Runtime's single-step path: the graph of <see cref="OnnxRecurrentGraph"/> over one step, run through two
/// prepared I/O bindings that alternate the state buffers (step t reads h0/c0 from one pair and writes h1/c1 into
/// the other), so a step copies nothing but the input and the output: the fastest way ONNX Runtime streams.
/// </summary>
public sealed class OnnxStreamingModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly float[] _x, _y;
    private readonly OrtValue[] _values;
    private readonly OrtIoBinding[] _bindings;
    private int _next;

    public OnnxStreamingModel(CellKind cell, ParameterSet parameters, int input, int hidden, int outputs)
    {
        _session = OnnxSessions.Create(OnnxRecurrentGraph.Create(cell, parameters, input, hidden, outputs, steps: 1, streaming: true));
        _x = new float[input];
        _y = new float[outputs];
        // Two buffers per state, pinned by their OrtValues (zeros: every stream starts from the zero state).
        long[] stateShape = [1, 1, hidden];
        OrtValue State() => OrtValue.CreateTensorValueFromMemory(new float[hidden], stateShape);
        OrtValue x = OrtValue.CreateTensorValueFromMemory(_x, [1, 1, input]);
        OrtValue y = OrtValue.CreateTensorValueFromMemory(_y, [1, 1, outputs]);
        OrtValue[] hiddenValues = [State(), State()];
        OrtValue[] cellValues = [State(), State()];
        _values = [x, y, .. hiddenValues, .. cellValues];
        _bindings = new OrtIoBinding[2];
        for (int from = 0; from < 2; from++)
        {
            OrtIoBinding binding = _session.CreateIoBinding();
            binding.BindInput("x", x);
            binding.BindInput("h0", hiddenValues[from]);
            binding.BindOutput("y", y);
            binding.BindOutput("h1", hiddenValues[1 - from]);
            if (cell == CellKind.Lstm)
            {
                binding.BindInput("c0", cellValues[from]);
                binding.BindOutput("c1", cellValues[1 - from]);
            }
            _bindings[from] = binding;
        }
    }

    /// <summary>One step: copies <paramref name="x"/> in, runs the graph, copies the output to <paramref name="y"/>.</summary>
    public void Step(ReadOnlySpan<float> x, Span<float> y)
    {
        x.CopyTo(_x);
        _session.RunWithBinding(_runOptions, _bindings[_next]);
        _next = 1 - _next;
        _y.CopyTo(y);
    }

    public void Dispose()
    {
        foreach (OrtIoBinding binding in _bindings) binding.Dispose();
        foreach (OrtValue value in _values) value.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
