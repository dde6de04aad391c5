using System;
using System.Runtime.Intrinsics;
using ModelCompiler.Runtime.Kernels;
using ModelCompiler.Runtime.Memory;
using ModelCompiler.Runtime.Simd;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Kernels;

public class SumRowsTests
{
    private sealed class SumCase
    {
        public readonly int Rows, N, Lda;
        public readonly bool Accumulate;
        public readonly AlignedBuffer A, InitialSums;

        public SumCase(int rows, int n, bool accumulate, int seed)
        {
            var random = new Random(seed);
            Rows = rows; N = n; Accumulate = accumulate;
            Lda = n + 16;
            A = TestMatrices.Random(random, rows, Lda, n);
            InitialSums = TestMatrices.Random(random, 1, n + 16, n);
            if (!accumulate) InitialSums.Span.Slice(0, n).Fill(float.NaN);
        }

        public float[] Run<TIsa, TVec>() where TIsa : struct, ISimd<TVec> where TVec : struct
        {
            var sums = new AlignedBuffer(InitialSums.Length);
            InitialSums.Span.CopyTo(sums.Span);
            MatMul<TIsa, TVec>.SumRows(A.Span, Lda, sums.Span, Rows, N, Accumulate);
            return sums.Span.ToArray();
        }

        public float[] RunAvx512() => Run<Avx512Isa, Vector512<float>>();
        public float[] RunAvx2() => Run<Avx2Isa, Vector256<float>>();
        public float[] RunPortable() => Run<PortableIsa, Vector128<float>>();
    }

    [Theory]
    [InlineData(0, 16, false)]
    [InlineData(1, 16, false)]
    [InlineData(7, 48, false)]
    [InlineData(13, 144, true)]
    [InlineData(33, 80, true)]
    public void Sums_match_float64_reference_and_are_bit_identical(int rows, int n, bool accumulate)
    {
        var test = new SumCase(rows, n, accumulate, seed: rows * 1000 + n);
        foreach ((Isa isa, float[] sums) in IsaPaths.RunSupported(test.RunAvx512, test.RunAvx2, test.RunPortable))
        {
            for (int j = 0; j < n + 16; j++)
            {
                if (j >= n)
                {
                    Assert.True(BitConverter.SingleToInt32Bits(sums[j]) == BitConverter.SingleToInt32Bits(test.InitialSums.Span[j]),
                        $"{isa}: wrote past n at {j}.");
                    continue;
                }
                double expected = accumulate ? test.InitialSums.Span[j] : 0, scale = Math.Abs(expected);
                for (int r = 0; r < rows; r++)
                {
                    expected += test.A.Span[r * test.Lda + j];
                    scale += Math.Abs(test.A.Span[r * test.Lda + j]);
                }
                Assert.True(Math.Abs(sums[j] - expected) <= 1e-5 * scale + 1e-30, $"{isa}: sums[{j}] = {sums[j]:R}, expected {expected:R}.");
            }
        }
        IsaPaths.AssertBitIdentical(test.RunAvx512, test.RunAvx2, test.RunPortable);
    }

    [Fact]
    public void Sums_add_rows_in_ascending_order()
    {
        // 1e8 swallows each 3 added after it: ascending gives 3, other orders 0 or 9 (see the product test).
        var test = new SumCase(5, 16, accumulate: false, seed: 3);
        float[] column = { 1e8f, 3f, 3f, -1e8f, 3f };
        for (int r = 0; r < column.Length; r++) test.A.Span.Slice(r * test.Lda, 16).Fill(column[r]);
        foreach ((Isa isa, float[] sums) in IsaPaths.RunSupported(test.RunAvx512, test.RunAvx2, test.RunPortable))
        {
            for (int j = 0; j < 16; j++) Assert.True(sums[j] == 3f, $"{isa}: sums[{j}] = {sums[j]}, expected 3.");
        }
    }
}
