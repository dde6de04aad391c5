using System;
using ModelCompiler.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelCompiler.Benchmarks.Torch;

/// <summary>
/// libtorch's training step for a many-to-one model: <c>nn.LSTM</c> or <c>nn.GRU</c> (batch first), a <c>Linear</c>
/// head on the last hidden state, cross-entropy (class targets) or MSE (float targets), Adam.
/// </summary>
public sealed class TorchTrainingModel : IDisposable
{
    private readonly LSTM? _lstm;
    private readonly GRU? _gru;
    private readonly Linear _head;
    private readonly optim.Optimizer _optimizer;
    private readonly Tensor _inputs, _targets;
    private readonly bool _classTargets;

    /// <param name="frozenRecurrent">The recurrent layer is frozen (<c>requires_grad_(False)</c>): only the head learns.</param>
    public TorchTrainingModel(CellKind kind, ParameterSet parameters, int input, int hidden, int outputs, int steps, int batch, bool classTargets, double learningRate, int threads = 1, bool frozenRecurrent = false)
    {
        TorchThreads.Use(threads);
        nn.Module recurrent = kind == CellKind.Lstm ? _lstm = nn.LSTM(input, hidden, batchFirst: true) : _gru = nn.GRU(input, hidden, batchFirst: true);
        TorchWeights.CopyFrom(recurrent, parameters, "rnn", cell: false);
        TorchWeights.CopyFrom(_head = nn.Linear(hidden, outputs), parameters, "head", cell: false);
        if (frozenRecurrent)
        {
            foreach (Parameter p in recurrent.parameters()) p.requires_grad = false;
            _optimizer = optim.Adam(_head.parameters(), learningRate);
        }
        else
        {
            _optimizer = optim.Adam([.. recurrent.parameters(), .. _head.parameters()], learningRate);
        }
        _classTargets = classTargets;
        _inputs = zeros(batch, steps, input);
        _targets = classTargets ? zeros(new long[] { batch }, int64) : zeros(batch, outputs);
    }

    /// <summary>Copies the minibatch in, then forward, loss, backward and one Adam step; returns the loss before the step.</summary>
    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> classTargets, ReadOnlySpan<float> valueTargets)
    {
        using var scope = NewDisposeScope();
        TorchSpans.Write(_inputs, inputs);
        if (_classTargets) TorchSpans.Write(_targets, classTargets);
        else TorchSpans.Write(_targets, valueTargets);
        _optimizer.zero_grad();
        Tensor hidden = _lstm is not null ? _lstm.forward(_inputs).Item2 : _gru!.forward(_inputs).Item2;
        Tensor output = _head.forward(hidden[0]);
        Tensor loss = _classTargets ? nn.functional.cross_entropy(output, _targets) : nn.functional.mse_loss(output, _targets);
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    public void Dispose()
    {
        _lstm?.Dispose();
        _gru?.Dispose();
        _head.Dispose();
        _optimizer.Dispose();
        _inputs.Dispose();
        _targets.Dispose();
    }
}
