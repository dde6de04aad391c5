using System;

namespace ModelCompiler.Runtime.Data;

/// <summary>
/// The targets of a <see cref="SequenceDataset"/>, stored flat and batch-first as <c>Network</c> reads them:
/// class indices (CrossEntropy) or floats (Mse, Mae, BinaryCrossEntropy), <see cref="PerSequence"/> values per
/// sequence — 1 class or <c>OutputSize</c> floats for many-to-one models, <c>Steps</c> classes or
/// <c>Steps × OutputSize</c> floats for sequence outputs.
/// </summary>
public sealed class SequenceTargets
{
    private SequenceTargets(int[]? classes, float[]? values, int perSequence, int length)
    {
        if (perSequence < 1) throw new ArgumentOutOfRangeException(nameof(perSequence), perSequence, "Each sequence needs at least one target value.");
        if (length % perSequence != 0)
            throw new ArgumentException($"The targets hold {length} values, which is not a whole number of sequences of {perSequence} values each.");
        Classes = classes;
        Values = values;
        PerSequence = perSequence;
        Count = length / perSequence;
    }

    /// <summary>Class indices, <c>[Count, PerSequence]</c>; null for float targets.</summary>
    public int[]? Classes { get; }

    /// <summary>Float targets, <c>[Count, PerSequence]</c>; null for class targets.</summary>
    public float[]? Values { get; }

    /// <summary>Whether the targets are class indices.</summary>
    public bool IsClasses => Classes is not null;

    /// <summary>Target values per sequence.</summary>
    public int PerSequence { get; }

    /// <summary>Sequences these targets describe.</summary>
    public int Count { get; }

    /// <summary>Class-index targets; the array is used as is, not copied.</summary>
    public static SequenceTargets FromClasses(int[] classes, int perSequence = 1)
    {
        ArgumentNullException.ThrowIfNull(classes);
        return new SequenceTargets(classes, null, perSequence, classes.Length);
    }

    /// <summary>Float targets; the array is used as is, not copied.</summary>
    public static SequenceTargets FromValues(float[] values, int perSequence = 1)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new SequenceTargets(null, values, perSequence, values.Length);
    }

    /// <summary>The targets of the sequences at <paramref name="indices"/>, copied, in that order.</summary>
    public SequenceTargets Subset(ReadOnlySpan<int> indices)
    {
        int width = PerSequence;
        if (Classes is not null)
        {
            int[] classes = new int[indices.Length * width];
            for (int i = 0; i < indices.Length; i++) Classes.AsSpan(indices[i] * width, width).CopyTo(classes.AsSpan(i * width));
            return FromClasses(classes, width);
        }
        float[] values = new float[indices.Length * width];
        for (int i = 0; i < indices.Length; i++) Values.AsSpan(indices[i] * width, width).CopyTo(values.AsSpan(i * width));
        return FromValues(values, width);
    }
}
