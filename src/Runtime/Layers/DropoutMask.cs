using System;
using ModelCompiler.Runtime.Training;

namespace ModelCompiler.Runtime.Layers;

/// <summary>Inverted-dropout masks: each real feature is kept with probability 1 − p and scaled by 1/(1 − p).</summary>
internal static class DropoutMask
{
    /// <summary>Fills <paramref name="rows"/> padded rows of <paramref name="mask"/>; padding columns get 0.</summary>
    public static void Fill(Span<float> mask, FeatureLayout layout, int rows, float p, DeterministicRandom random)
    {
        float keepScale = 1f / (1f - p);
        mask.Slice(0, rows * layout.Padded).Clear();
        for (int row = 0; row < rows; row++)
        {
            Span<float> maskRow = mask.Slice(row * layout.Padded, layout.Padded);
            for (int feature = 0; feature < layout.Width; feature++)
            {
                maskRow[layout.ColumnOf(feature)] = random.NextFloat() >= p ? keepScale : 0f;
            }
        }
    }
}
