using System;

namespace CharGenerator;

/// <summary>Softmax helpers over one step's logits, computed with the maximum subtracted so large logits cannot overflow.</summary>
public static class Softmax
{
    /// <summary>−log p(<paramref name="target"/>) under softmax(<paramref name="logits"/>).</summary>
    public static double NegativeLogLikelihood(ReadOnlySpan<float> logits, int target)
    {
        float max = Max(logits);
        double sum = 0;
        foreach (float logit in logits) sum += Math.Exp(logit - max);
        return Math.Log(sum) - (logits[target] - max);
    }

    /// <summary>Draws an index from softmax(<paramref name="logits"/> / <paramref name="temperature"/>); low temperatures favour the likeliest.</summary>
    public static int Sample(ReadOnlySpan<float> logits, float temperature, Random random)
    {
        float max = Max(logits);
        double sum = 0;
        foreach (float logit in logits) sum += Math.Exp((logit - max) / temperature);
        double threshold = random.NextDouble() * sum;
        for (int i = 0; i < logits.Length; i++)
        {
            threshold -= Math.Exp((logits[i] - max) / temperature);
            if (threshold <= 0) return i;
        }
        return logits.Length - 1;
    }

    private static float Max(ReadOnlySpan<float> values)
    {
        float max = float.NegativeInfinity;
        foreach (float value in values) max = Math.Max(max, value);
        return max;
    }
}
