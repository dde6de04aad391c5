using System;
using System.Collections.Generic;

namespace ModelCompiler.Runtime.Data;

/// <summary>
/// Builds variable-length datasets for <c>MaxSteps</c> models: each sequence is copied to the front of a
/// <c>maxSteps</c>-long row, the rest is zero padding, and its real length is kept so the network masks the padding.
/// </summary>
public static class PaddedSequences
{
    /// <summary>Float sequences <c>[n][length][features]</c> padded to <c>[n, maxSteps, features]</c>.</summary>
    public static SequenceDataset FromFloats(IReadOnlyList<float[][]> sequences, int maxSteps, SequenceTargets targets)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        int[] lengths = Lengths(sequences.Count, i => sequences[i].Length, maxSteps, nameof(sequences));
        int features = sequences.Count > 0 && sequences[0].Length > 0 ? sequences[0][0].Length : 1;
        float[] inputs = new float[sequences.Count * maxSteps * features];
        for (int i = 0; i < sequences.Count; i++)
        {
            for (int t = 0; t < sequences[i].Length; t++)
            {
                float[] step = sequences[i][t];
                if (step.Length != features)
                    throw new ArgumentException($"sequences[{i}][{t}] has {step.Length} features, expected {features}.", nameof(sequences));
                step.CopyTo(inputs, (i * maxSteps + t) * features);
            }
        }
        return SequenceDataset.FromFloats(inputs, maxSteps, features, targets, lengths);
    }

    /// <summary>Token sequences <c>[n][length]</c> padded with token 0 to <c>[n, maxSteps]</c>.</summary>
    public static SequenceDataset FromTokens(IReadOnlyList<int[]> sequences, int maxSteps, SequenceTargets targets)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        int[] lengths = Lengths(sequences.Count, i => sequences[i].Length, maxSteps, nameof(sequences));
        int[] tokens = new int[sequences.Count * maxSteps];
        for (int i = 0; i < sequences.Count; i++) sequences[i].CopyTo(tokens, i * maxSteps);
        return SequenceDataset.FromTokens(tokens, maxSteps, targets, lengths);
    }

    /// <summary>Per-step class targets <c>[n][length]</c> padded with class 0 to <c>[n, maxSteps]</c> (padding is ignored by the loss).</summary>
    public static SequenceTargets ClassesPerStep(IReadOnlyList<int[]> classes, int maxSteps)
    {
        ArgumentNullException.ThrowIfNull(classes);
        Lengths(classes.Count, i => classes[i].Length, maxSteps, nameof(classes));
        int[] padded = new int[classes.Count * maxSteps];
        for (int i = 0; i < classes.Count; i++) classes[i].CopyTo(padded, i * maxSteps);
        return SequenceTargets.FromClasses(padded, maxSteps);
    }

    /// <summary>Per-step float targets <c>[n][length][width]</c> padded with zeros to <c>[n, maxSteps, width]</c>.</summary>
    public static SequenceTargets ValuesPerStep(IReadOnlyList<float[][]> values, int maxSteps)
    {
        ArgumentNullException.ThrowIfNull(values);
        Lengths(values.Count, i => values[i].Length, maxSteps, nameof(values));
        int width = values.Count > 0 && values[0].Length > 0 ? values[0][0].Length : 1;
        float[] padded = new float[values.Count * maxSteps * width];
        for (int i = 0; i < values.Count; i++)
        {
            for (int t = 0; t < values[i].Length; t++)
            {
                if (values[i][t].Length != width)
                    throw new ArgumentException($"values[{i}][{t}] has {values[i][t].Length} values, expected {width}.", nameof(values));
                values[i][t].CopyTo(padded, (i * maxSteps + t) * width);
            }
        }
        return SequenceTargets.FromValues(padded, maxSteps * width);
    }

    private static int[] Lengths(int count, Func<int, int> lengthOf, int maxSteps, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
        int[] lengths = new int[count];
        for (int i = 0; i < count; i++)
        {
            int length = lengthOf(i);
            if (length < 1 || length > maxSteps)
                throw new ArgumentException($"{name}[{i}] has {length} steps; each sequence needs 1 to {maxSteps} (truncate longer ones first).", name);
            lengths[i] = length;
        }
        return lengths;
    }
}
