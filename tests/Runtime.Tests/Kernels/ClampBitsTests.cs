using System;
using System.Runtime.Intrinsics;
using ModelCompiler.Runtime.Simd;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Kernels;

/// <summary><see cref="ISimd{TVec}.ClampBits"/>: with positive float bounds, the float clamp of every value but NaN.</summary>
public class ClampBitsTests
{
    private const float Low = 2.5f, High = 700.25f;

    private static readonly float[] Values =
    [
        float.NegativeInfinity, -1e30f, -701f, -3f, -1e-40f, -0f, 0f, 1e-40f, 1e-30f, 2.4999998f, 2.5f, 2.5000002f, 3f, 100f,
        700.2499f, 700.25f, 700.25006f, 1e30f, float.MaxValue, float.PositiveInfinity,
    ];

    [Fact]
    public void Is_the_float_clamp_on_every_path()
    {
        foreach ((Isa isa, float[] actual) in IsaPaths.RunSupported(
            () => Clamp<Avx512Isa, Vector512<float>>(), () => Clamp<Avx2Isa, Vector256<float>>(), () => Clamp<PortableIsa, Vector128<float>>()))
        {
            for (int i = 0; i < Values.Length; i++)
            {
                float expected = Math.Clamp(Values[i], Low, High);
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual[i]), $"{isa}: ClampBits({Values[i]:R}) = {actual[i]:R}, expected {expected:R}.");
            }
        }
    }

    private static float[] Clamp<TIsa, TVec>() where TIsa : struct, ISimd<TVec> where TVec : struct
    {
        int width = TIsa.Width, padded = (Values.Length + width - 1) / width * width;
        var input = new float[padded];
        var result = new float[padded];
        Values.CopyTo(input, 0);
        for (int k = 0; k < padded; k += width)
        {
            TIsa.Store(TIsa.ClampBits(TIsa.Load(ref input[k], 0), TIsa.Broadcast(Low), TIsa.Broadcast(High)), ref result[k], 0);
        }
        return result[..Values.Length];
    }
}
