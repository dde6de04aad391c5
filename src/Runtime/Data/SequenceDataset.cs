using System;

namespace ModelCompiler.Runtime.Data;

/// <summary>
/// A set of sequences with their targets, stored flat in the batch-first layout <c>Network</c> reads, so a
/// minibatch is a plain copy of rows: float features <c>[Count, Steps, Features]</c> or tokens <c>[Count, Steps]</c>,
/// and for variable-length data one length per sequence (steps past a sequence's length are padding).
/// </summary>
public sealed class SequenceDataset
{
    private SequenceDataset(float[]? inputs, int[]? tokens, int steps, int features, SequenceTargets targets, int[]? lengths)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        int perSequence = steps * features;
        int length = inputs?.Length ?? tokens!.Length;
        if (length % perSequence != 0)
            throw new ArgumentException($"The inputs hold {length} values, which is not a whole number of sequences of {steps} steps × {features} features.");
        Count = length / perSequence;
        if (targets.Count != Count)
            throw new ArgumentException($"There are {Count} input sequences but targets for {targets.Count}.", nameof(targets));
        if (lengths is not null)
        {
            if (lengths.Length != Count)
                throw new ArgumentException($"lengths must hold one length per sequence ({Count}), but it holds {lengths.Length}.", nameof(lengths));
            for (int i = 0; i < lengths.Length; i++)
                if (lengths[i] < 1 || lengths[i] > steps)
                    throw new ArgumentOutOfRangeException(nameof(lengths), lengths[i], $"lengths[{i}] must be between 1 and {steps}.");
        }
        Inputs = inputs;
        Tokens = tokens;
        Steps = steps;
        Features = features;
        Targets = targets;
        Lengths = lengths;
    }

    /// <summary>Number of sequences.</summary>
    public int Count { get; }

    /// <summary>Steps per stored sequence (the model's <c>Steps</c> or <c>MaxSteps</c>).</summary>
    public int Steps { get; }

    /// <summary>Floats per step; 1 for token data.</summary>
    public int Features { get; }

    /// <summary>Float inputs <c>[Count, Steps, Features]</c>; null for token data.</summary>
    public float[]? Inputs { get; }

    /// <summary>Token inputs <c>[Count, Steps]</c>; null for float data.</summary>
    public int[]? Tokens { get; }

    /// <summary>Whether the inputs are tokens.</summary>
    public bool IsTokens => Tokens is not null;

    /// <summary>Real steps per sequence; null when every sequence is <see cref="Steps"/> long.</summary>
    public int[]? Lengths { get; }

    /// <summary>The targets, one group of <see cref="SequenceTargets.PerSequence"/> values per sequence.</summary>
    public SequenceTargets Targets { get; }

    /// <summary>Real steps of sequence <paramref name="index"/>.</summary>
    public int LengthOf(int index) => Lengths?[index] ?? Steps;

    /// <summary>Float sequences from a flat <c>[n, steps, features]</c> array (used as is, not copied).</summary>
    public static SequenceDataset FromFloats(float[] inputs, int steps, int features, SequenceTargets targets, int[]? lengths = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return new SequenceDataset(inputs, null, steps, features, targets, lengths);
    }

    /// <summary>Float sequences given as <c>[n][steps][features]</c>, all of the same shape (copied).</summary>
    public static SequenceDataset FromFloats(float[][][] sequences, SequenceTargets targets)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Length == 0) throw new ArgumentException("At least one sequence is needed.", nameof(sequences));
        int steps = sequences[0].Length, features = steps == 0 ? 0 : sequences[0][0].Length;
        float[] inputs = new float[sequences.Length * steps * features];
        for (int i = 0; i < sequences.Length; i++)
        {
            if (sequences[i].Length != steps)
                throw new ArgumentException($"sequences[{i}] has {sequences[i].Length} steps but sequences[0] has {steps}; use PaddedSequences for variable lengths.", nameof(sequences));
            for (int t = 0; t < steps; t++)
            {
                if (sequences[i][t].Length != features)
                    throw new ArgumentException($"sequences[{i}][{t}] has {sequences[i][t].Length} features, expected {features}.", nameof(sequences));
                sequences[i][t].CopyTo(inputs, (i * steps + t) * features);
            }
        }
        return new SequenceDataset(inputs, null, steps, features, targets, null);
    }

    /// <summary>Token sequences from a flat <c>[n, steps]</c> array (used as is, not copied).</summary>
    public static SequenceDataset FromTokens(int[] tokens, int steps, SequenceTargets targets, int[]? lengths = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return new SequenceDataset(null, tokens, steps, 1, targets, lengths);
    }

    /// <summary>The sequences at <paramref name="indices"/>, copied, in that order.</summary>
    public SequenceDataset Subset(ReadOnlySpan<int> indices)
    {
        int width = Steps * Features;
        int[]? lengths = Lengths is null ? null : new int[indices.Length];
        float[]? inputs = Inputs is null ? null : new float[indices.Length * width];
        int[]? tokens = Tokens is null ? null : new int[indices.Length * width];
        for (int i = 0; i < indices.Length; i++)
        {
            int source = indices[i];
            if ((uint)source >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(indices), source, $"Index must be in 0..{Count - 1}.");
            if (inputs is not null) Inputs.AsSpan(source * width, width).CopyTo(inputs.AsSpan(i * width));
            if (tokens is not null) Tokens.AsSpan(source * width, width).CopyTo(tokens.AsSpan(i * width));
            if (lengths is not null) lengths[i] = Lengths![source];
        }
        return new SequenceDataset(inputs, tokens, Steps, Features, Targets.Subset(indices), lengths);
    }
}
