using System;
using System.Collections.Generic;

namespace ModelCompiler.Runtime.Tests.Kernels;

/// <summary>Inputs for the element-wise functions: dense sweeps, tiny magnitudes and special values.</summary>
internal static class MathInputs
{
    public static readonly float[] Extremes =
    {
        0f, -0f, 1e-30f, -1e-30f, 1e-5f, -1e-5f, 0.3f, -0.3f, 10f, -10f, 50f, -50f, 100f, -100f, 1e4f, -1e4f,
        float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -float.Epsilon, 1e-40f, -1e-40f,
        float.MaxValue, float.MinValue, 88.72f, 88.73f, -87.33f, -103.9f, -104.1f, 0.25f, -0.25f, 0.2499999f,
    };

    /// <summary>x from −100 to 100 in steps of 1e-4, then ±10^e for e from −45 to 0 in steps of 0.001.</summary>
    public static float[] DenseSweep()
    {
        var values = new List<float>(2_200_000);
        for (int i = -1_000_000; i <= 1_000_000; i++) values.Add(i * 1e-4f);
        for (int i = -45_000; i <= 0; i++)
        {
            float magnitude = (float)Math.Pow(10, i * 1e-3);
            values.Add(magnitude);
            values.Add(-magnitude);
        }
        return PadToVectors(values);
    }

    /// <summary>The extremes, then random values over several magnitudes, padded to whole 512-bit vectors.</summary>
    public static float[] Mixed(int seed)
    {
        var random = new Random(seed);
        var values = new List<float>(Extremes);
        for (int i = 0; i < 4000; i++)
        {
            double magnitude = Math.Pow(10, random.NextDouble() * 10 - 6);
            values.Add((float)(random.Next(2) == 0 ? magnitude : -magnitude));
            values.Add((float)(random.NextDouble() * 240 - 120));
        }
        return PadToVectors(values);
    }

    private static float[] PadToVectors(List<float> values)
    {
        while (values.Count % 16 != 0) values.Add(0.5f);
        return values.ToArray();
    }
}
