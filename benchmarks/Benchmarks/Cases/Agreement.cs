using System;

namespace ModelCompiler.Benchmarks.Cases;

/// <summary>Checks, before timing, that an implementation computes the same numbers as the plain reference.</summary>
public static class Agreement
{
    /// <summary>Throws (failing that benchmark) when any value differs by more than <paramref name="tolerance"/>.</summary>
    public static void Require(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(MathF.Abs(expected[i] - actual[i]) <= tolerance))
                throw new InvalidOperationException($"{what}: value {i} is {actual[i]}, the reference gives {expected[i]} (tolerance {tolerance}).");
        }
    }
}
