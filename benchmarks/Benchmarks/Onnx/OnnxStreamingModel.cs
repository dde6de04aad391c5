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
    private readonly float[][] _hidden, _cell;
    private readonly OrtValue[] _values;
    private readonly OrtIoBinding[] _bindings;
    private int _next;

    public OnnxStreamingModel(CellKind cell, ParameterSet parameters, int input, int hidden, int outputs)
    {
        _session = OnnxSessions.Create(OnnxRecurrentGraph.Create(cell, parameters, input, hidden, outputs, steps: 1, streaming: true));
        _x = new float[input];
        _y = new float[outputs];
        _hidden = [new float[hidden], new float[hidden]];
        _cell = [new float[hidden], new float[hidden]];
        long[] stateShape = [1, 1, hidden];
        OrtValue x = OrtValue.CreateTensorValueFromMemory(_x, [1, 1, input]);
        OrtValue y = OrtValue.CreateTensorValueFromMemory(_y, [1, 1, outputs]);
        OrtValue[] hiddenValues = [OrtValue.CreateTensorValueFromMemory(_hidden[0], stateShape), OrtValue.CreateTensorValueFromMemory(_hidden[1], stateShape)];
        OrtValue[] cellValues = [OrtValue.CreateTensorValueFromMemory(_cell[0], stateShape), OrtValue.CreateTensorValueFromMemory(_cell[1], stateShape)];
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

    /// <summary>Zeroes the state.</summary>
    public void Reset()
    {
        foreach (float[] state in (float[][])[.. _hidden, .. _cell]) Array.Clear(state);
        _next = 0;
    }

    public void Dispose()
    {
        foreach (OrtIoBinding binding in _bindings) binding.Dispose();
        foreach (OrtValue value in _values) value.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
