using System;
using System.Collections.Generic;
using ModelCompiler.Runtime.Simd;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Kernels;

public class MatMulTests
{
    public static IEnumerable<object[]> Shapes()
    {
        int seed = 1;
        // Row counts cover the tile height (4) and every remainder after it.
        foreach (int m in new[] { 1, 3, 7, 8, 10, 13 })
        foreach (int k in new[] { 0, 1, 5, 28, 33 })
        foreach (int n in new[] { 16, 48, 144 })
        {
            yield return new object[] { m, k, n, false, false, false, seed++ };
            yield return new object[] { m, k, n, false, false, true, seed++ };
            yield return new object[] { m, k, n, false, true, false, seed++ };
            yield return new object[] { m, k, n, true, false, false, seed++ };
            yield return new object[] { m, k, n, true, true, false, seed++ };
        }
        // Depths beyond one depth pass on every path (64, 128 and 256 deep for 512-, 256- and 128-bit vectors):
        // the split must neither change the result nor make the paths differ.
        foreach (int k in new[] { 300, 777 })
        {
            yield return new object[] { 5, k, 80, false, false, true, seed++ };
            yield return new object[] { 6, k, 48, true, true, false, seed++ };
        }
        // B's rows 512 B or 1 KB apart (n + 16 = 128 or 256) and 256 output rows or more: panels of B are copied into
        // a buffer before the row tiles read them (deep passes of rows 512 B apart, any pass of 1 KB rows); full and
        // partial panels, one and several depth passes.
        foreach (int n in new[] { 112, 240 })
        foreach (int k in new[] { 40, 300 })
        {
            yield return new object[] { 258, k, n, false, false, true, seed++ };
            yield return new object[] { 259, k, n, true, true, false, seed++ };
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Product_matches_float64_reference_on_every_isa(int m, int k, int n, bool transposedA, bool accumulate, bool withBias, int seed)
    {
        var test = new MultiplyCase(m, k, n, transposedA, accumulate, withBias, seed);
        foreach ((Isa isa, float[] c) in IsaPaths.RunSupported(test.RunAvx512, test.RunAvx2, test.RunPortable))
        {
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < test.Ldc; j++)
                {
                    float actual = c[i * test.Ldc + j];
                    if (j >= n)
                    {
                        Assert.True(actual == MultiplyCase.Sentinel, $"{isa} {test}: wrote padding C[{i}, {j}] = {actual}.");
                        continue;
                    }
                    double start = test.StartValue(i, j), expected = start, scale = Math.Abs(start);
                    for (int p = 0; p < k; p++)
                    {
                        double term = (double)test.ElementA(i, p) * test.B.Span[p * test.Ldb + j];
                        expected += term;
                        scale += Math.Abs(term);
                    }
                    // Relative to Σ|terms|: the error bound of any summation order, immune to cancellation.
                    Assert.True(Math.Abs(actual - expected) <= 1e-5 * scale + 1e-30,
                        $"{isa} {test}: C[{i}, {j}] = {actual:R}, expected {expected:R} (scale {scale}).");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Product_is_bit_identical_across_isas(int m, int k, int n, bool transposedA, bool accumulate, bool withBias, int seed)
    {
        var test = new MultiplyCase(m, k, n, transposedA, accumulate, withBias, seed);
        IsaPaths.AssertBitIdentical(test.RunAvx512, test.RunAvx2, test.RunPortable);
    }

    [Fact]
    public void Product_sums_in_ascending_depth_order()
    {
        // In float, 1e8 swallows each 3 added to it one at a time: ascending gives 3; descending gives 0; pairing
        // the 3s first, or summing in double, gives 9.
        var test = new MultiplyCase(1, 5, 16, transposedA: false, accumulate: false, withBias: false, seed: 7);
        float[] row = { 1e8f, 3f, 3f, -1e8f, 3f };
        for (int p = 0; p < row.Length; p++)
        {
            test.A.Span[p] = row[p];
            test.B.Span.Slice(p * test.Ldb, 16).Fill(1f);
        }
        foreach ((Isa isa, float[] c) in IsaPaths.RunSupported(test.RunAvx512, test.RunAvx2, test.RunPortable))
        {
            for (int j = 0; j < 16; j++) Assert.True(c[j] == 3f, $"{isa}: C[0, {j}] = {c[j]}, expected 3.");
        }
    }

    [Fact]
    public void Product_uses_fused_multiply_add_from_the_bias()
    {
        // (1 + 2⁻¹²)² − (1 + 2⁻¹¹) = 2⁻²⁴ exactly with one rounding; a separate multiply rounds the 2⁻²⁴ away.
        var test = new MultiplyCase(1, 1, 16, transposedA: false, accumulate: false, withBias: true, seed: 8);
        float x = 1f + MathF.Pow(2, -12);
        test.A.Span[0] = x;
        test.B.Span.Slice(0, 16).Fill(x);
        test.Bias.Span.Fill(-(1f + MathF.Pow(2, -11)));
        foreach ((Isa isa, float[] c) in IsaPaths.RunSupported(test.RunAvx512, test.RunAvx2, test.RunPortable))
        {
            for (int j = 0; j < 16; j++) Assert.True(c[j] == MathF.Pow(2, -24), $"{isa}: C[0, {j}] = {c[j]:R}, expected 2^-24.");
        }
    }
}
