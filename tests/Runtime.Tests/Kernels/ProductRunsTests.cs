using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;
using ModelCompiler.Runtime.Kernels;
using ModelCompiler.Runtime.Memory;
using ModelCompiler.Runtime.Simd;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Kernels;

/// <summary>
/// The run order of short products (ProductRuns): a scalar float reference written from the documentation — first
/// run from the start value, later runs from zero, each one fused multiply-add chain, runs added in order — must
/// give exactly the bits of the matrix and matrix-vector kernels on every path.
/// </summary>
public class ProductRunsTests
{
    private const int Columns = 48;

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(7, 7)]
    [InlineData(8, 2)]
    [InlineData(13, 4)]
    [InlineData(16, 4)]
    [InlineData(32, 8)]
    [InlineData(33, 33)]
    [InlineData(128, 128)]
    public void Only_products_of_8_to_32_inputs_are_split_into_four_runs(int depth, int expected) =>
        Assert.Equal(expected, ProductRuns.Length(depth));

    public static IEnumerable<object[]> Cases()
    {
        int seed = 100;
        foreach (int m in new[] { 1, 3, 6 })
        foreach (int k in new[] { 8, 13, 16, 32 })
        {
            yield return new object[] { m, k, false, true, seed++ };
            yield return new object[] { m, k, false, false, seed++ };
            yield return new object[] { m, k, true, false, seed++ };
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matrix_product_in_runs_follows_the_documented_order_on_every_isa(int m, int k, bool accumulate, bool withBias, int seed)
    {
        var test = new MultiplyCase(m, k, Columns, transposedA: false, accumulate, withBias, seed);
        int runLength = ProductRuns.Length(k);
        float[] expected = Reference(test, runLength);
        var results = IsaPaths.RunSupported(
            () => test.Run(Isa.Avx512, runLength), () => test.Run(Isa.Avx2, runLength), () => test.Run(Isa.Portable, runLength));
        foreach ((Isa isa, float[] actual) in results) AssertSameBits(expected, actual, $"{isa} {test}");
    }

    [Theory]
    [InlineData(8, true)]
    [InlineData(13, true)]
    [InlineData(16, false)]
    [InlineData(32, true)]
    public void Matrix_vector_product_in_runs_follows_the_same_order(int k, bool withBias)
    {
        var test = new MultiplyCase(1, k, Columns, transposedA: false, accumulate: false, withBias, seed: k);
        int runLength = ProductRuns.Length(k);
        float[] expected = Reference(test, runLength);
        var results = IsaPaths.RunSupported(
            () => RunMatVec<Avx512Isa, Vector512<float>>(test, runLength),
            () => RunMatVec<Avx2Isa, Vector256<float>>(test, runLength),
            () => RunMatVec<PortableIsa, Vector128<float>>(test, runLength));
        foreach ((Isa isa, float[] actual) in results) AssertSameBits(expected, actual, $"{isa} {test}");
    }

    [Fact]
    public void A_run_length_below_one_is_rejected()
    {
        var c = new float[16];
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            MatMul<PortableIsa, Vector128<float>>.Multiply(new float[16], 16, new float[256], 16, c, 16, 1, 16, 16, default, accumulate: false, runLength: 0));
        Assert.Contains("runLength must be at least 1, got 0", error.Message);
    }

    /// <summary>C in the documented run order, one float at a time (only columns &lt; n; the rest stays as given).</summary>
    private static float[] Reference(MultiplyCase test, int runLength)
    {
        float[] c = test.InitialC.Span.ToArray();
        for (int i = 0; i < test.M; i++)
        {
            for (int j = 0; j < test.N; j++)
            {
                float total = test.StartValue(i, j);
                for (int p = 0; p < Math.Min(runLength, test.K); p++) total = MathF.FusedMultiplyAdd(test.ElementA(i, p), test.B.Span[p * test.Ldb + j], total);
                for (int first = runLength; first < test.K; first += runLength)
                {
                    float run = 0f;
                    for (int p = first; p < Math.Min(first + runLength, test.K); p++) run = MathF.FusedMultiplyAdd(test.ElementA(i, p), test.B.Span[p * test.Ldb + j], run);
                    total += run;
                }
                c[i * test.Ldc + j] = total;
            }
        }
        return c;
    }

    private static float[] RunMatVec<TIsa, TVec>(MultiplyCase test, int runLength) where TIsa : struct, ISimd<TVec> where TVec : struct
    {
        var c = new AlignedBuffer(test.InitialC.Length);
        test.InitialC.Span.CopyTo(c.Span);
        MatVec<TIsa, TVec>.Multiply(
            ref MemoryMarshal.GetReference(test.A.Span), test.K, ref MemoryMarshal.GetReference(test.B.Span), test.Ldb,
            ref MemoryMarshal.GetReference(c.Span), test.N, ref MemoryMarshal.GetReference(test.Bias.Span), test.WithBias, runLength);
        return c.Span.ToArray();
    }

    private static void AssertSameBits(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            int e = BitConverter.SingleToInt32Bits(expected[i]), a = BitConverter.SingleToInt32Bits(actual[i]);
            Assert.True(e == a, $"{what}: element {i} is {actual[i]:R}, the documented order gives {expected[i]:R}.");
        }
    }
}
