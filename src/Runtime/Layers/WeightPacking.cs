using System;
using ModelCompiler.Runtime.Memory;

namespace ModelCompiler.Runtime.Layers;

/// <summary>
/// Moves weights between PyTorch layout (<c>[outputs, inputs]</c>, unpadded) and the kernels' padded layouts.
/// Rows and columns are placed through <see cref="FeatureLayout"/>s, so gate blocks and bidirectional halves each
/// start on a 64-byte boundary and padding stays zero (zero weights keep padded lanes at exactly zero).
/// </summary>
internal static class WeightPacking
{
    /// <summary>
    /// packed[inputs.ColumnOf(k)][outputs.ColumnOf(r)] = weight[r, k], rows <paramref name="packedStride"/> floats apart
    /// (<see cref="Kernels.WeightRowStride"/>): the "B" operand of y = x·Wᵀ.
    /// </summary>
    public static void PackTransposed(ReadOnlySpan<float> weight, FeatureLayout outputs, FeatureLayout inputs, Span<float> packed, int packedStride)
    {
        packed.Clear();
        Transpose(weight, packed, outputs, inputs, packedStride, pack: true);
    }

    /// <summary>
    /// A one-unit layer's weights with its product's runs (<see cref="Kernels.ProductRuns"/>) side by side: vector j
    /// (16 floats) holds in lane r the weight of input r·<paramref name="runLength"/> + j, 0 past the depth. A kernel
    /// that permutes the input the same way sums every run in its own lane, in the runs' order.
    /// </summary>
    public static void PackRunLanes(ReadOnlySpan<float> transposed, int stride, int depth, int runLength, Span<float> lanes)
    {
        lanes.Clear();
        const int Lanes = AlignedBuffer.AlignmentFloats;
        for (int j = 0; j < runLength; j++)
        {
            for (int run = 0; run < Lanes && run * runLength + j < depth; run++) lanes[j * Lanes + run] = transposed[(run * runLength + j) * stride];
        }
    }

    /// <summary>
    /// packed[outputs.ColumnOf(r)][inputs.ColumnOf(k)] = weight[r, k], rows <paramref name="packedStride"/> floats apart:
    /// the "B" operand of dx = dy·W.
    /// </summary>
    public static void PackRows(ReadOnlySpan<float> weight, FeatureLayout outputs, FeatureLayout inputs, Span<float> packed, int packedStride)
    {
        packed.Clear();
        int width = inputs.Width;
        for (int r = 0; r < outputs.Width; r++)
        {
            inputs.Scatter(weight.Slice(r * width, width), packed.Slice(outputs.ColumnOf(r) * packedStride, inputs.Padded));
        }
    }

    /// <summary>weight[r, k] = packed[outputs.ColumnOf(r)][inputs.ColumnOf(k)]: the inverse of <see cref="PackRows"/>.</summary>
    public static void UnpackRows(ReadOnlySpan<float> packed, FeatureLayout outputs, FeatureLayout inputs, Span<float> weight)
    {
        int width = inputs.Width;
        for (int r = 0; r < outputs.Width; r++)
        {
            inputs.Gather(packed.Slice(outputs.ColumnOf(r) * inputs.Padded, inputs.Padded), weight.Slice(r * width, width));
        }
    }

    /// <summary>weight[r, k] = packed[inputs.ColumnOf(k)][outputs.ColumnOf(r)]: the inverse of <see cref="PackTransposed"/>.</summary>
    public static void UnpackTransposed(ReadOnlySpan<float> packed, FeatureLayout outputs, FeatureLayout inputs, Span<float> weight) =>
        Transpose(packed, weight, outputs, inputs, outputs.Padded, pack: false);

    /// <summary>
    /// Copies between weight[r, k] and packed[inputs.ColumnOf(k)][outputs.ColumnOf(r)] (packed rows
    /// <paramref name="stride"/> floats apart), in the direction
    /// <paramref name="pack"/> says, in 16 × 16 blocks: both the rows read and the rows written stay in L1 while a
    /// block is transposed (a plain row-by-row transpose touches one float per 64-byte line of the packed matrix and
    /// re-fetches every line).
    /// </summary>
    private static void Transpose(ReadOnlySpan<float> source, Span<float> destination, FeatureLayout outputs, FeatureLayout inputs, int stride, bool pack)
    {
        int width = inputs.Width, rows = outputs.Width;
        const int Block = 16;
        for (int r0 = 0; r0 < rows; r0 += Block)
        {
            int r1 = Math.Min(rows, r0 + Block);
            for (int k0 = 0; k0 < width; k0 += Block)
            {
                int k1 = Math.Min(width, k0 + Block);
                for (int k = k0; k < k1; k++)
                {
                    int packedRow = inputs.ColumnOf(k) * stride;
                    for (int r = r0; r < r1; r++)
                    {
                        int packedIndex = packedRow + outputs.ColumnOf(r), weightIndex = r * width + k;
                        if (pack) destination[packedIndex] = source[weightIndex];
                        else destination[weightIndex] = source[packedIndex];
                    }
                }
            }
        }
    }

    /// <summary>A PyTorch bias vector into its padded row (padding zero).</summary>
    public static void PackVector(ReadOnlySpan<float> vector, FeatureLayout layout, Span<float> packed) => layout.Scatter(vector, packed);

    /// <summary>A padded row back to a PyTorch vector.</summary>
    public static void UnpackVector(ReadOnlySpan<float> packed, FeatureLayout layout, Span<float> vector) => layout.Gather(packed, vector);
}
