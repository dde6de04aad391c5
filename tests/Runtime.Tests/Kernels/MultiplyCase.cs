using System;
using System.Runtime.Intrinsics;
using ModelCompiler.Runtime.Kernels;
using ModelCompiler.Runtime.Memory;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Tests.Kernels;

/// <summary>
/// Operands for C = start + A·B (or Aᵀ·B) with padded strides: unused columns of A and B hold NaN, the padding
/// of C holds a sentinel, so reading or writing outside the used region shows up in the result.
/// </summary>
internal sealed class MultiplyCase
{
    public const float Sentinel = 12345f;

    public readonly int M, K, N, Lda, Ldb, Ldc;
    public readonly bool TransposedA, Accumulate, WithBias;
    public readonly AlignedBuffer A, B, Bias, InitialC;

    /// <param name="m">Output rows.</param>
    /// <param name="k">Depth: A's columns (or, transposed, its rows).</param>
    /// <param name="n">Output columns.</param>
    public MultiplyCase(int m, int k, int n, bool transposedA, bool accumulate, bool withBias, int seed)
    {
        var random = new Random(seed);
        M = m; K = k; N = n;
        TransposedA = transposedA; Accumulate = accumulate; WithBias = withBias;
        // A's stride leaves unused (NaN) columns; B's and C's strides leave a padding block of 16.
        Lda = (transposedA ? m : k) + 3;
        Ldb = n + 16;
        Ldc = n + 16;
        A = transposedA ? TestMatrices.Random(random, k, Lda, m) : TestMatrices.Random(random, m, Lda, k);
        B = TestMatrices.Random(random, k, Ldb, n);
        Bias = TestMatrices.Random(random, 1, n, n);
        InitialC = TestMatrices.Random(random, m, Ldc, n);
        Span<float> c = InitialC.Span;
        for (int i = 0; i < m; i++)
        {
            c.Slice(i * Ldc + n, Ldc - n).Fill(Sentinel);
            // Without accumulation C's old contents must not be read: NaN would leak into the result.
            if (!accumulate) c.Slice(i * Ldc, n).Fill(float.NaN);
        }
    }

    public override string ToString() => $"m={M} k={K} n={N} transposedA={TransposedA} accumulate={Accumulate} bias={WithBias}";

    /// <summary>C after the product; <paramref name="runLength"/> 0 means one run (the plain product).</summary>
    public float[] Run<TIsa, TVec>(int runLength = 0, bool twoCores = false) where TIsa : struct, ISimd<TVec> where TVec : struct
    {
        var c = new AlignedBuffer(InitialC.Length);
        InitialC.Span.CopyTo(c.Span);
        if (TransposedA)
        {
            MatMul<TIsa, TVec>.MultiplyTransposedA(A.Span, Lda, B.Span, Ldb, c.Span, Ldc, K, M, N, Accumulate, twoCores);
        }
        else
        {
            ReadOnlySpan<float> bias = WithBias ? Bias.Span : default;
            int length = runLength > 0 ? runLength : Math.Max(K, 1);
            MatMul<TIsa, TVec>.Multiply(A.Span, Lda, B.Span, Ldb, c.Span, Ldc, M, K, N, bias, Accumulate, length, twoCores);
        }
        return c.Span.ToArray();
    }

    /// <summary><see cref="Run{TIsa, TVec}"/> on the path <paramref name="isa"/> names.</summary>
    public float[] Run(Isa isa, int runLength = 0, bool twoCores = false) => isa switch
    {
        Isa.Avx512 => Run<Avx512Isa, Vector512<float>>(runLength, twoCores),
        Isa.Avx2 => Run<Avx2Isa, Vector256<float>>(runLength, twoCores),
        _ => Run<PortableIsa, Vector128<float>>(runLength, twoCores),
    };

    public float[] RunAvx512() => Run<Avx512Isa, Vector512<float>>();
    public float[] RunAvx2() => Run<Avx2Isa, Vector256<float>>();
    public float[] RunPortable() => Run<PortableIsa, Vector128<float>>();

    public float ElementA(int i, int p) => TransposedA ? A.Span[p * Lda + i] : A.Span[i * Lda + p];

    public float StartValue(int i, int j) => Accumulate ? InitialC.Span[i * Ldc + j] : WithBias && !TransposedA ? Bias.Span[j] : 0f;
}
