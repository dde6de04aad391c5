using System;

namespace ModelCompiler.Runtime.Training;

/// <summary>
/// <c>clip_grad_norm_</c> and <c>clip_grad_value_</c> over all gradients. The norm is summed in double in storage
/// order (one fixed order on every path).
/// </summary>
internal static class GradientClipping
{
    /// <summary>The global L2 norm; NaN or ∞ when any gradient is not finite.</summary>
    public static double GlobalNorm(ReadOnlySpan<float> gradients)
    {
        double sum = 0;
        foreach (float g in gradients) sum += (double)g * g;
        return Math.Sqrt(sum);
    }

    /// <summary>Scales by max/(norm + 1e-6) when that is below 1, as PyTorch does.</summary>
    public static void ClipNorm(Span<float> gradients, double norm, float maxNorm)
    {
        double coefficient = maxNorm / (norm + 1e-6);
        if (coefficient >= 1) return;
        float scale = (float)coefficient;
        for (int i = 0; i < gradients.Length; i++) gradients[i] *= scale;
    }

    public static void ClipValue(Span<float> gradients, float maxValue)
    {
        for (int i = 0; i < gradients.Length; i++) gradients[i] = Math.Clamp(gradients[i], -maxValue, maxValue);
    }
}
