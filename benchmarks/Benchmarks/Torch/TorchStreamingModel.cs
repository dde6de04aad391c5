using System;
using ModelCompiler.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelCompiler.Benchmarks.Torch;

/// <summary>libtorch's single-step path: an <c>LSTMCell</c> or <c>GRUCell</c> plus a <c>Linear</c> head, batch 1, state kept between steps.</summary>
public sealed class TorchStreamingModel : IDisposable
{
    private readonly LSTMCell? _lstm;
    private readonly GRUCell? _gru;
    private readonly Linear _head;
    private readonly Tensor _x;
    private Tensor _hidden, _cell;

    public TorchStreamingModel(CellKind kind, ParameterSet parameters, int input, int hidden, int outputs)
    {
        TorchThreads.UseOne();
        if (kind == CellKind.Lstm) TorchWeights.CopyFrom(_lstm = nn.LSTMCell(input, hidden), parameters, "rnn", cell: true);
        else TorchWeights.CopyFrom(_gru = nn.GRUCell(input, hidden), parameters, "rnn", cell: true);
        TorchWeights.CopyFrom(_head = nn.Linear(hidden, outputs), parameters, "head", cell: false);
        _x = zeros(1, input);
        _hidden = zeros(1, hidden);
        _cell = zeros(1, hidden);
    }

    /// <summary>One step: copies <paramref name="x"/> in, runs the cell and the head, copies the output to <paramref name="y"/>.</summary>
    public void Step(ReadOnlySpan<float> x, Span<float> y)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        TorchSpans.Write(_x, x);
        Tensor hidden, cell = _cell;
        if (_lstm is not null) (hidden, cell) = _lstm.forward(_x, (_hidden, _cell));
        else hidden = _gru!.forward(_x, _hidden);
        TorchSpans.Read(_head.forward(hidden), y);
        Keep(ref _hidden, hidden);
        if (_lstm is not null) Keep(ref _cell, cell);
    }

    /// <summary>Zeroes the state.</summary>
    public void Reset()
    {
        _hidden.zero_();
        _cell.zero_();
    }

    public void Dispose()
    {
        _lstm?.Dispose();
        _gru?.Dispose();
        _head.Dispose();
        _x.Dispose();
        _hidden.Dispose();
        _cell.Dispose();
    }

    // Takes the new state out of the step's dispose scope and frees the old one.
    private static void Keep(ref Tensor state, Tensor next)
    {
        Tensor old = state;
        state = next.MoveToOuterDisposeScope();
        old.Dispose();
    }
}
