using System;

namespace ModelCompiler.Runtime.Layers;

/// <summary>What one call runs on: the batch and step counts, each sequence's real length, and the mode.</summary>
internal readonly ref struct RunContext
{
    public RunContext(int batch, int steps, ReadOnlySpan<int> lengths, bool training, bool twoCores = false, bool fromStates = false, bool stateGradients = false)
    {
        StateGradients = stateGradients;
        Batch = batch;
        Steps = steps;
        Lengths = lengths;
        Training = training;
        TwoCores = twoCores;
        FromStates = fromStates;
    }

    /// <summary>Sequences in the minibatch.</summary>
    public int Batch { get; }

    /// <summary>Steps of the longest sequence (the time-loop bound).</summary>
    public int Steps { get; }

    /// <summary>Real steps of each sequence (<see cref="Batch"/> values, each in 1..<see cref="Steps"/>).</summary>
    public ReadOnlySpan<int> Lengths { get; }

    /// <summary>Dropout active and caches kept for backward.</summary>
    public bool Training { get; }

    /// <summary>Large products may share their output with the second core (<see cref="Network.Cores"/>).</summary>
    public bool TwoCores { get; }

    /// <summary>
    /// Whether the recurrent layers start from the states staged into them (<see cref="RecurrentLayer.StageInitialStates"/>)
    /// instead of zeros (and backward reads them as the first step's previous state).
    /// </summary>
    public bool FromStates { get; }

    /// <summary>
    /// Whether backward starts from the final-state gradients staged into the recurrent layers
    /// (<see cref="RecurrentLayer.StageFinalStateGradients"/>) and takes the gradient on to the initial states
    /// (<see cref="RecurrentLayer.CopyInitialStateGradients"/>).
    /// </summary>
    public bool StateGradients { get; }

    /// <summary>Whether every sequence runs all <see cref="Steps"/> steps (no padding anywhere).</summary>
    public bool NoPadding
    {
        get
        {
            foreach (int length in Lengths) if (length != Steps) return false;
            return true;
        }
    }

    /// <summary>Whether step <paramref name="step"/> of sequence <paramref name="sequence"/> is real (not padding).</summary>
    public bool IsReal(int step, int sequence) => step < Lengths[sequence];
}
