using System;

namespace ModelCompiler.Runtime;

// Training from and to recurrent states: truncated backpropagation through time over a long sequence cut into chunks,
// each chunk starting where the last one ended (PyTorch's out, h = rnn(x, h.detach()); Keras' stateful=True).
public sealed partial class Network
{
    /// <summary>
    /// <see cref="ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{int}, ReadOnlySpan{int})"/> whose recurrent layers
    /// start from <paramref name="initialStates"/> and write each sequence's final states to <paramref name="finalStates"/>
    /// (<c>[batch, StateSize]</c> each, laid out as for <c>Forward</c>; empty: zeros / not wanted). The initial states are
    /// constants (PyTorch's <c>h.detach()</c>): gradients stop at them. The final states are written only when the call
    /// succeeds, so the two may be the same buffer: the next chunk then continues from where this one ended.
    /// </summary>
    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> targets, ReadOnlySpan<float> initialStates, Span<float> finalStates, ReadOnlySpan<int> lengths = default)
        => TrainWithStates(inputs, nameof(inputs), targets, lengths, initialStates, finalStates, update: false);

    /// <summary>ComputeGradients with float targets from and to recurrent states (see the class-index overload).</summary>
    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, ReadOnlySpan<float> initialStates, Span<float> finalStates, ReadOnlySpan<int> lengths = default)
        => TrainWithStates(inputs, nameof(inputs), targets, lengths, initialStates, finalStates, update: false);

    /// <summary>ComputeGradients on token sequences from and to recurrent states (see the float overload).</summary>
    public float ComputeGradients(ReadOnlySpan<int> tokens, ReadOnlySpan<int> targets, ReadOnlySpan<float> initialStates, Span<float> finalStates, ReadOnlySpan<int> lengths = default)
        => TrainWithStates(tokens, nameof(tokens), targets, lengths, initialStates, finalStates, update: false);

    /// <summary>ComputeGradients on token sequences with float targets from and to recurrent states.</summary>
    public float ComputeGradients(ReadOnlySpan<int> tokens, ReadOnlySpan<float> targets, ReadOnlySpan<float> initialStates, Span<float> finalStates, ReadOnlySpan<int> lengths = default)
        => TrainWithStates(tokens, nameof(tokens), targets, lengths, initialStates, finalStates, update: false);

    /// <summary>
    /// One step of truncated backpropagation through time: ComputeGradients from <paramref name="initialStates"/>, clipping
    /// and one optimizer update, then the final states into <paramref name="finalStates"/> (which may be the same buffer);
    /// returns the loss before the update. Nothing is written when the call fails.
    /// </summary>
    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> targets, ReadOnlySpan<float> initialStates, Span<float> finalStates, ReadOnlySpan<int> lengths = default)
        => TrainWithStates(inputs, nameof(inputs), targets, lengths, initialStates, finalStates, update: true);

    /// <summary>TrainStep with float targets from and to recurrent states.</summary>
    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, ReadOnlySpan<float> initialStates, Span<float> finalStates, ReadOnlySpan<int> lengths = default)
        => TrainWithStates(inputs, nameof(inputs), targets, lengths, initialStates, finalStates, update: true);

    /// <summary>TrainStep on token sequences from and to recurrent states.</summary>
    public float TrainStep(ReadOnlySpan<int> tokens, ReadOnlySpan<int> targets, ReadOnlySpan<float> initialStates, Span<float> finalStates, ReadOnlySpan<int> lengths = default)
        => TrainWithStates(tokens, nameof(tokens), targets, lengths, initialStates, finalStates, update: true);

    /// <summary>TrainStep on token sequences with float targets from and to recurrent states.</summary>
    public float TrainStep(ReadOnlySpan<int> tokens, ReadOnlySpan<float> targets, ReadOnlySpan<float> initialStates, Span<float> finalStates, ReadOnlySpan<int> lengths = default)
        => TrainWithStates(tokens, nameof(tokens), targets, lengths, initialStates, finalStates, update: true);

    internal float TrainWithStates(BatchInputs inputs, string name, BatchTargets targets, ReadOnlySpan<int> lengths, ReadOnlySpan<float> initialStates, Span<float> finalStates, bool update)
    {
        RequireTraining();
        if (update) RequireOptimizer();
        var run = PrepareBatch(inputs.Length, name, lengths, NoOutputs, training: true, fromStates: !initialStates.IsEmpty);
        RequireInputs(inputs, run, name);
        if (targets.IsClasses) RequireClassTargets(targets.Classes, run.Batch);
        else RequireValueTargets(targets.Values, run.Batch);
        RequireStates(initialStates, finalStates, run.Batch);
        StageInputs(inputs, run);
        if (run.FromStates) StageInitialStates(run, initialStates);
        float loss = Backpropagate(run, targets.Classes, targets.Values);
        if (update) Update(loss);
        // Last: the backward pass leaves the forward's final states alone, and a failed call must not have replaced the
        // caller's states (which may be the initial ones).
        if (!finalStates.IsEmpty) CopyFinalStates(run, finalStates);
        return loss;
    }
}
