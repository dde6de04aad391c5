using System;
using System.Runtime.Intrinsics;
using ModelCompiler.Runtime.Kernels;
using ModelCompiler.Runtime.Simd;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Kernels;

public class MatMulArgumentTests
{
    private static ArgumentException Multiply(int aLength, int bLength, int cLength, int biasLength, int n = 16, int lda = 8, int ldc = 16)
    {
        // m = 3, k = 5: A needs 2·lda + 5, B needs 4·16 + n, C needs 2·ldc + n.
        return Assert.ThrowsAny<ArgumentException>(() => MatMul<PortableIsa, Vector128<float>>.Multiply(
            new float[aLength], lda, new float[bLength], 16, new float[cLength], ldc, 3, 5, n, new float[biasLength], accumulate: false));
    }

    [Fact]
    public void Short_spans_are_reported_with_needed_and_actual_sizes()
    {
        Assert.Contains("needs at least 21 floats", Multiply(20, 80, 48, 16).Message);
        Assert.Contains("its span has 20", Multiply(20, 80, 48, 16).Message);
        Assert.Contains("b needs at least 80 floats", Multiply(21, 79, 48, 16).Message);
        Assert.Contains("c needs at least 48 floats", Multiply(21, 80, 47, 16).Message);
        Assert.Contains("bias needs at least 16 floats", Multiply(21, 80, 48, 15).Message);
    }

    [Fact]
    public void Unpadded_columns_and_short_strides_are_rejected()
    {
        Assert.Contains("multiple of 16", Multiply(100, 100, 100, 16, n: 12).Message);
        Assert.Contains("lda must be ≥ k = 5", Multiply(100, 100, 100, 16, lda: 4).Message);
        Assert.Contains("ldc must be ≥ n = 16", Multiply(100, 100, 100, 16, ldc: 8).Message);
    }

    [Fact]
    public void Transposed_product_and_row_sums_check_their_spans()
    {
        // rows = 4, m = 3, n = 16: A needs 3·3 + 3 = 12 floats.
        var e = Assert.ThrowsAny<ArgumentException>(() => MatMul<PortableIsa, Vector128<float>>.MultiplyTransposedA(
            new float[11], 3, new float[64], 16, new float[48], 16, 4, 3, 16, accumulate: false));
        Assert.Contains("a needs at least 12 floats", e.Message);
        e = Assert.ThrowsAny<ArgumentException>(() => MatMul<PortableIsa, Vector128<float>>.SumRows(
            new float[64], 16, new float[15], 4, 16, accumulate: false));
        Assert.Contains("sums needs at least 16 floats", e.Message);
    }

    [Fact]
    public void Vector_math_rejects_partial_vectors()
    {
        Assert.ThrowsAny<ArgumentException>(() => VectorMath<PortableIsa, Vector128<float>>.TanhInPlace(new float[6]));
    }
}
