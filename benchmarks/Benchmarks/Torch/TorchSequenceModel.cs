using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelCompiler.Benchmarks.Torch;

/// <summary>libtorch's sequence path: <c>nn.LSTM</c> (batch first) over a whole sequence, a <c>Linear</c> head on the last hidden state.</summary>
public sealed class TorchSequenceModel : IDisposable
{
    private readonly LSTM _lstm;
    private readonly Linear _head;
    private readonly Tensor _input;

    public TorchSequenceModel(ParameterSet parameters, int input, int hidden, int outputs, int steps, int threads)
    {
        TorchThreads.Use(threads);
        TorchWeights.CopyFrom(_lstm = nn.LSTM(input, hidden, batchFirst: true), parameters, "rnn", cell: false);
        TorchWeights.CopyFrom(_head = nn.Linear(hidden, outputs), parameters, "head", cell: false);
        _input = zeros(1, steps, input);
    }

    /// <summary>Copies the sequence in, runs it, copies the logits of the last step to <paramref name="output"/>.</summary>
    public void Predict(ReadOnlySpan<float> sequence, Span<float> output)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        TorchSpans.Write(_input, sequence);
        (_, Tensor hidden, _) = _lstm.forward(_input);
        TorchSpans.Read(_head.forward(hidden[0]), output);
    }

    public void Dispose()
    {
        _lstm.Dispose();
        _head.Dispose();
        _input.Dispose();
    }
}
