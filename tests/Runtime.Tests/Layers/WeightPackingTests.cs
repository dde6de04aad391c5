using System;
using ModelCompiler.Runtime.Layers;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Layers;

/// <summary>
/// The transposed packing against its definition, element by element: packed[inputs.ColumnOf(k)][outputs.ColumnOf(r)]
/// = weight[r, k], padding zero, and back. The layouts cover whole 4 × 4 squares, ragged edges, gate blocks whose width
/// is not a multiple of 4 (a square then straddles padding) and padded row strides.
/// </summary>
public sealed class WeightPackingTests
{
    public static TheoryData<int, int, int, int, int> Layouts() => new()
    {
        // hidden (gate width), gate blocks, inputs, input segments, extra stride
        { 128, 4, 28, 1, 16 },
        { 256, 3, 32, 1, 16 },
        { 7, 4, 5, 1, 0 },
        { 20, 3, 20, 2, 0 },
        { 6, 4, 13, 2, 16 },
        { 1, 1, 1, 1, 0 },
        { 33, 1, 9, 1, 0 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Transposed_packing_puts_every_weight_at_its_columns_and_back(int width, int blocks, int inputWidth, int inputSegments, int extraStride)
    {
        FeatureLayout outputs = FeatureLayout.Segmented(width, blocks);
        FeatureLayout inputs = FeatureLayout.Segmented(inputWidth, inputSegments);
        int stride = outputs.Padded + extraStride;
        var weight = new float[outputs.Width * inputs.Width];
        for (int i = 0; i < weight.Length; i++) weight[i] = i + 1;
        var packed = new float[inputs.Padded * stride];
        packed.AsSpan().Fill(float.NaN); // packing must overwrite the whole matrix, padding with zeros

        WeightPacking.PackTransposed(weight, outputs, inputs, packed, stride);

        var expected = new float[packed.Length];
        for (int r = 0; r < outputs.Width; r++)
            for (int k = 0; k < inputs.Width; k++)
                expected[inputs.ColumnOf(k) * stride + outputs.ColumnOf(r)] = weight[r * inputs.Width + k];
        Assert.Equal(expected, packed);

        if (extraStride != 0) return; // unpacking reads rows outputs.Padded apart (the gradients' own layout)
        var unpacked = new float[weight.Length];
        WeightPacking.UnpackTransposed(packed, outputs, inputs, unpacked);
        Assert.Equal(weight, unpacked);
    }
}
