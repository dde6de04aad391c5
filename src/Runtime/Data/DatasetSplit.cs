using System;
using ModelCompiler.Runtime.Training;

namespace ModelCompiler.Runtime.Data;

/// <summary>Splits a dataset into training and validation parts (copies; the original is unchanged).</summary>
public static class DatasetSplit
{
    /// <summary>A seeded random split: the same seed gives the same parts.</summary>
    public static (SequenceDataset Train, SequenceDataset Validation) Shuffled(SequenceDataset data, double validationFraction, long seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        int validation = ValidationCount(data.Count, validationFraction);
        int[] order = new int[data.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Shuffle(order, new DeterministicRandom(seed));
        return (data.Subset(order.AsSpan(validation)), data.Subset(order.AsSpan(0, validation)));
    }

    /// <summary>
    /// The last <paramref name="validationFraction"/> of the sequences become validation, in order: for time series,
    /// where a random split would leak the future into training.
    /// </summary>
    public static (SequenceDataset Train, SequenceDataset Validation) Chronological(SequenceDataset data, double validationFraction)
    {
        ArgumentNullException.ThrowIfNull(data);
        int validation = ValidationCount(data.Count, validationFraction);
        int[] order = new int[data.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        int train = data.Count - validation;
        return (data.Subset(order.AsSpan(0, train)), data.Subset(order.AsSpan(train)));
    }

    /// <summary>Fisher–Yates shuffle driven by <paramref name="random"/> (deterministic for a given state).</summary>
    public static void Shuffle(Span<int> values, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static int ValidationCount(int count, double fraction)
    {
        if (!(fraction > 0 && fraction < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The validation fraction must be between 0 and 1 (exclusive).");
        int validation = (int)Math.Round(count * fraction);
        if (validation < 1 || validation >= count)
            throw new ArgumentException($"Splitting {count} sequences with fraction {fraction} leaves an empty part.", nameof(fraction));
        return validation;
    }
}
