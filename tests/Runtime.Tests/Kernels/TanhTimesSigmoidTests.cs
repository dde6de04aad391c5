using System;
using System.Runtime.Intrinsics;
using ModelCompiler.Runtime.Kernels;
using ModelCompiler.Runtime.Simd;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Kernels;

/// <summary>tanh(x)·σ(y) in one quotient (an LSTM's h): against float64, across paths, and at the edges.</summary>
public class TanhTimesSigmoidTests
{
    /// <summary>Pairs covering both functions' shapes: small, the bends, saturation, and beyond the clamps.</summary>
    private static (float[] X, float[] Y) Grid()
    {
        float[] xs = [0f, -0f, 1e-30f, -1e-6f, 0.01f, -0.3f, 0.5f, 1f, -1.7f, 2.5f, -4f, 7.9f, 9.01f, -10f, 12f, -1e4f];
        float[] ys = [0f, 0.3f, -0.3f, 1f, -2f, 4f, -8f, 16f, -17f, 30f, -40f, 87f, -88f, 100f, -1e4f, 5e-8f];
        var x = new float[xs.Length * ys.Length];
        var y = new float[x.Length];
        for (int i = 0; i < xs.Length; i++)
        {
            for (int j = 0; j < ys.Length; j++)
            {
                x[i * ys.Length + j] = xs[i];
                y[i * ys.Length + j] = ys[j];
            }
        }
        return (x, y);
    }

    private static float[] Apply<TIsa, TVec>(float[] x, float[] y) where TIsa : struct, ISimd<TVec> where TVec : struct
    {
        var result = new float[x.Length];
        for (int i = 0; i < x.Length; i += TIsa.Width)
        {
            TVec product = VectorMath<TIsa, TVec>.TanhTimesSigmoid(TIsa.Load(ref x[i], 0), TIsa.Load(ref y[i], 0));
            TIsa.Store(product, ref result[i], 0);
        }
        return result;
    }

    private static float[] Apply(Isa isa, float[] x, float[] y) => isa switch
    {
        Isa.Avx512 => Apply<Avx512Isa, Vector512<float>>(x, y),
        Isa.Avx2 => Apply<Avx2Isa, Vector256<float>>(x, y),
        _ => Apply<PortableIsa, Vector128<float>>(x, y),
    };

    [Fact]
    public void Matches_float64_within_4e7_relative_on_every_path()
    {
        (float[] x, float[] y) = Grid();
        foreach ((Isa isa, float[] actual) in IsaPaths.RunSupported(
            () => Apply(Isa.Avx512, x, y), () => Apply(Isa.Avx2, x, y), () => Apply(Isa.Portable, x, y)))
        {
            for (int i = 0; i < x.Length; i++)
            {
                double expected = Math.Tanh(x[i]) / (1 + Math.Exp(-(double)y[i]));
                double error = Math.Abs(actual[i] - expected);
                // Relative where the product is a normal float; the sigmoid flushes below ~1e-38 (as Sigmoid does).
                bool ok = Math.Abs(expected) < 1e-37 ? error <= 1e-37 : error <= 4e-7 * Math.Abs(expected);
                Assert.True(ok, $"{isa}: tanh({x[i]:R})·σ({y[i]:R}) = {actual[i]:R}, expected {expected:R}.");
                Assert.True(Math.Abs(actual[i]) <= 1f, $"{isa}: |tanh·σ| > 1 at ({x[i]:R}, {y[i]:R}).");
            }
        }
    }

    [Fact]
    public void Is_bit_identical_across_paths()
    {
        (float[] x, float[] y) = Grid();
        IsaPaths.AssertBitIdentical(() => Apply(Isa.Avx512, x, y), () => Apply(Isa.Avx2, x, y), () => Apply(Isa.Portable, x, y));
    }

    [Fact]
    public void Keeps_the_sign_of_zero_and_propagates_nan()
    {
        float[] x = [0f, -0f, float.NaN, 1f, float.PositiveInfinity, float.NegativeInfinity, 2f, -3f, 5f, 1f, 0.5f, 0.5f, 1f, 1f, 1f, 1f];
        float[] y = [1f, 1f, 1f, float.NaN, 50f, 50f, float.NegativeInfinity, float.PositiveInfinity, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f];
        float[] result = Apply<PortableIsa, Vector128<float>>(x, y);
        Assert.Equal(BitConverter.SingleToInt32Bits(0f), BitConverter.SingleToInt32Bits(result[0]));
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(result[1]));
        Assert.True(float.IsNaN(result[2]));
        Assert.True(float.IsNaN(result[3]));
        Assert.Equal(1f, result[4]);
        Assert.Equal(-1f, result[5]);
        Assert.Equal(0f, result[6]);
        Assert.Equal(-(float)Math.Tanh(3), result[7], 1e-6f);
    }
}
