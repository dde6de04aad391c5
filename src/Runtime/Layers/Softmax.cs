using System;
using ModelCompiler.Runtime.Kernels;

namespace ModelCompiler.Runtime.Layers;

/// <summary>
/// Row-wise softmax over the first <c>width</c> columns of padded rows (padding set to 0). Scalar on purpose:
/// max and sum are reductions, and a fixed scalar order gives the same bits on every path.
/// </summary>
internal static class Softmax
{
    public static void Rows(Span<float> values, int rows, int stride, int width)
    {
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = values.Slice(r * stride, stride);
            float max = float.NegativeInfinity;
            for (int i = 0; i < width; i++) max = MathF.Max(max, row[i]);
            float sum = 0f;
            for (int i = 0; i < width; i++)
            {
                row[i] = ScalarMath.Exp(row[i] - max);
                sum += row[i];
            }
            float inverse = 1f / sum;
            for (int i = 0; i < width; i++) row[i] *= inverse;
            row.Slice(width).Clear();
        }
    }

    /// <summary>dz_i = y_i·(dy_i − Σ_j dy_j·y_j) for each row.</summary>
    public static void Backward(ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, Span<float> dPre, int rows, int stride, int width)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> y = output.Slice(r * stride, stride);
            ReadOnlySpan<float> dy = dOutput.Slice(r * stride, stride);
            Span<float> dz = dPre.Slice(r * stride, stride);
            float dot = 0f;
            for (int i = 0; i < width; i++) dot = MathF.FusedMultiplyAdd(dy[i], y[i], dot);
            for (int i = 0; i < width; i++) dz[i] = y[i] * (dy[i] - dot);
            dz.Slice(width).Clear();
        }
    }
}
