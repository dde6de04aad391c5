using System;

namespace CharGenerator;

/// <summary>The model that ignores context: every character is drawn from the training text's character frequencies (add-one smoothed).</summary>
public static class UnigramBaseline
{
    /// <summary>Mean cross-entropy (nats per character) of <paramref name="evaluated"/> under the frequencies of <paramref name="training"/>.</summary>
    public static double CrossEntropy(ReadOnlySpan<int> training, ReadOnlySpan<int> evaluated, int vocabularySize)
    {
        var counts = new double[vocabularySize];
        foreach (int token in training) counts[token]++;
        double total = training.Length + vocabularySize;
        double sum = 0;
        foreach (int token in evaluated) sum -= Math.Log((counts[token] + 1) / total);
        return sum / evaluated.Length;
    }
}
