using System;

namespace ModelCompiler.Benchmarks.Cases;

/// <summary>Seeded inputs and targets, the same for every implementation of a shape.</summary>
public static class BenchmarkData
{
    /// <summary>Values uniform in [-1, 1).</summary>
    public static float[] Uniform(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < values.Length; i++) values[i] = 2f * random.NextSingle() - 1f;
        return values;
    }

    /// <summary>Class indices uniform in [0, classes).</summary>
    public static int[] Classes(int count, int classes, int seed)
    {
        var random = new Random(seed);
        var values = new int[count];
        for (int i = 0; i < values.Length; i++) values[i] = random.Next(classes);
        return values;
    }
}
