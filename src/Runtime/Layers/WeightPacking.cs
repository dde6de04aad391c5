using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
    /// re-fetches every line). Inside a block, 4 × 4 squares whose four outputs sit in adjacent packed columns move
    /// as four 128-bit rows transposed in registers where the CPU has SSE (a training step repacks its weights after
    /// every update: one float at a time cost ~1% of train-rows); other squares go one float at a time.
    /// </summary>
    private static void Transpose(ReadOnlySpan<float> source, Span<float> destination, FeatureLayout outputs, FeatureLayout inputs, int stride, bool pack)
    {
        int width = inputs.Width, rows = outputs.Width;
        const int Block = 16, Square = 4;
        for (int r0 = 0; r0 < rows; r0 += Block)
        {
            int r1 = Math.Min(rows, r0 + Block);
            for (int k0 = 0; k0 < width; k0 += Block)
            {
                int k1 = Math.Min(width, k0 + Block);
                for (int r = r0; r < r1; r += Square)
                {
                    int rEnd = Math.Min(r1, r + Square);
                    bool adjacentColumns = rEnd - r == Square && outputs.ColumnOf(r + Square - 1) == outputs.ColumnOf(r) + Square - 1;
                    for (int k = k0; k < k1; k += Square)
                    {
                        int kEnd = Math.Min(k1, k + Square);
                        if (adjacentColumns && kEnd - k == Square && Sse.IsSupported)
                        {
                            TransposeSquare(source, destination, outputs, inputs, stride, pack, r, k);
                            continue;
                        }
                        for (int kk = k; kk < kEnd; kk++)
                        {
                            int packedRow = inputs.ColumnOf(kk) * stride;
                            for (int rr = r; rr < rEnd; rr++)
                            {
                                int packedIndex = packedRow + outputs.ColumnOf(rr), weightIndex = rr * width + kk;
                                if (pack) destination[packedIndex] = source[weightIndex];
                                else destination[weightIndex] = source[packedIndex];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The 4 × 4 square of weights [r, r + 4) × [k, k + 4), whose packed columns are adjacent: four weight rows of four
    /// floats and four packed rows of four floats, one the transpose of the other. Every index is one the element-wise
    /// loop would visit, so the reads and writes stay inside the spans without checks.
    /// </summary>
    private static void TransposeSquare(ReadOnlySpan<float> source, Span<float> destination, FeatureLayout outputs, FeatureLayout inputs, int stride, bool pack, int r, int k)
    {
        int width = inputs.Width, weightRow = r * width + k, column = outputs.ColumnOf(r);
        int packed0 = inputs.ColumnOf(k) * stride + column, packed1 = inputs.ColumnOf(k + 1) * stride + column;
        int packed2 = inputs.ColumnOf(k + 2) * stride + column, packed3 = inputs.ColumnOf(k + 3) * stride + column;
        ref float from = ref MemoryMarshal.GetReference(source);
        ref float to = ref MemoryMarshal.GetReference(destination);
        Vector128<float> row0, row1, row2, row3;
        if (pack)
        {
            (row0, row1) = (Read(ref from, weightRow), Read(ref from, weightRow + width));
            (row2, row3) = (Read(ref from, weightRow + 2 * width), Read(ref from, weightRow + 3 * width));
        }
        else
        {
            (row0, row1, row2, row3) = (Read(ref from, packed0), Read(ref from, packed1), Read(ref from, packed2), Read(ref from, packed3));
        }
        // [a0 b0 a1 b1], [c0 d0 c1 d1], [a2 b2 a3 b3], [c2 d2 c3 d3] → columns [a0 b0 c0 d0] … [a3 b3 c3 d3].
        Vector128<float> low01 = Sse.UnpackLow(row0, row1), low23 = Sse.UnpackLow(row2, row3);
        Vector128<float> high01 = Sse.UnpackHigh(row0, row1), high23 = Sse.UnpackHigh(row2, row3);
        Vector128<float> column0 = Sse.MoveLowToHigh(low01, low23), column1 = Sse.MoveHighToLow(low23, low01);
        Vector128<float> column2 = Sse.MoveLowToHigh(high01, high23), column3 = Sse.MoveHighToLow(high23, high01);
        if (pack)
        {
            Write(column0, ref to, packed0);
            Write(column1, ref to, packed1);
            Write(column2, ref to, packed2);
            Write(column3, ref to, packed3);
        }
        else
        {
            Write(column0, ref to, weightRow);
            Write(column1, ref to, weightRow + width);
            Write(column2, ref to, weightRow + 2 * width);
            Write(column3, ref to, weightRow + 3 * width);
        }
    }

    /// <summary>Four floats from <paramref name="start"/> + <paramref name="index"/> (any alignment).</summary>
    private static Vector128<float> Read(ref float start, int index) =>
        Unsafe.ReadUnaligned<Vector128<float>>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref start, index)));

    /// <summary>Four floats to <paramref name="start"/> + <paramref name="index"/> (any alignment).</summary>
    private static void Write(Vector128<float> value, ref float start, int index) =>
        Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref start, index)), value);

    /// <summary>A PyTorch bias vector into its padded row (padding zero).</summary>
    public static void PackVector(ReadOnlySpan<float> vector, FeatureLayout layout, Span<float> packed) => layout.Scatter(vector, packed);

    /// <summary>A padded row back to a PyTorch vector.</summary>
    public static void UnpackVector(ReadOnlySpan<float> packed, FeatureLayout layout, Span<float> vector) => layout.Gather(packed, vector);
}
