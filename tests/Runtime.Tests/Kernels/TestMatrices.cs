using System;
using ModelCompiler.Runtime.Memory;

namespace ModelCompiler.Runtime.Tests.Kernels;

/// <summary>Reproducible test operands in 64-byte-aligned buffers.</summary>
internal static class TestMatrices
{
    /// <summary>
    /// [rows][stride] with uniform values in [−1, 1) in the first <paramref name="width"/> columns and NaN in the
    /// rest, so a kernel that reads outside the used columns produces NaN and fails.
    /// </summary>
    public static AlignedBuffer Random(Random random, int rows, int stride, int width)
    {
        var buffer = new AlignedBuffer(Math.Max(1, rows * stride));
        Span<float> span = buffer.Span;
        span.Fill(float.NaN);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < width; c++) span[r * stride + c] = (float)(random.NextDouble() * 2 - 1);
        }
        return buffer;
    }

    public static float[] Copy(AlignedBuffer buffer) => buffer.Span.ToArray();
}
