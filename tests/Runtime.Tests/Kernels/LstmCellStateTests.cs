using System;
using System.Runtime.Intrinsics;
using ModelCompiler.Runtime.Kernels;
using ModelCompiler.Runtime.Simd;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Kernels;

/// <summary>
/// An LSTM's c' = σ(f)·c + σ(i)·tanh(g) as one quotient: against float64, across paths, against the separate
/// functions for the gates it returns, and at the edges.
/// </summary>
public class LstmCellStateTests
{
    private static readonly float[] PreActivations = [-1e4f, -100f, -41f, -40f, -17f, -4f, -1f, -0.3f, 0f, 0.3f, 1f, 4f, 9.5f, 17f, 88f, 1e4f];
    private static readonly float[] Cells = [0f, -0f, 1e-3f, -0.5f, 2f, -30f, 1e3f, 7e-20f];

    /// <summary>Every combination of (pre_i, pre_f, pre_g, c) from the lists above, padded to whole 512-bit vectors.</summary>
    private static (float[] I, float[] F, float[] G, float[] C) Grid()
    {
        int count = PreActivations.Length * PreActivations.Length * PreActivations.Length * Cells.Length;
        var (i, f, g, c) = (new float[count], new float[count], new float[count], new float[count]);
        int k = 0;
        foreach (float pi in PreActivations)
        {
            foreach (float pf in PreActivations)
            {
                foreach (float pg in PreActivations)
                {
                    foreach (float cell in Cells) (i[k], f[k], g[k], c[k], k) = (pi, pf, pg, cell, k + 1);
                }
            }
        }
        return (i, f, g, c);
    }

    /// <summary>c' from the state-only overload, then i, f, g and c' again from the overload that returns the gates.</summary>
    private static float[][] Apply<TIsa, TVec>(float[] i, float[] f, float[] g, float[] c) where TIsa : struct, ISimd<TVec> where TVec : struct
    {
        float[][] results = [new float[i.Length], new float[i.Length], new float[i.Length], new float[i.Length], new float[i.Length]];
        for (int k = 0; k < i.Length; k += TIsa.Width)
        {
            TVec preI = TIsa.Load(ref i[k], 0), preF = TIsa.Load(ref f[k], 0), preG = TIsa.Load(ref g[k], 0), cell = TIsa.Load(ref c[k], 0);
            TIsa.Store(VectorMath<TIsa, TVec>.LstmCellState(preI, preF, preG, cell), ref results[0][k], 0);
            TVec state = VectorMath<TIsa, TVec>.LstmCellState(preI, preF, preG, cell, out TVec gateI, out TVec gateF, out TVec gateG);
            TIsa.Store(gateI, ref results[1][k], 0);
            TIsa.Store(gateF, ref results[2][k], 0);
            TIsa.Store(gateG, ref results[3][k], 0);
            TIsa.Store(state, ref results[4][k], 0);
        }
        return results;
    }

    private static float[][] Apply(Isa isa, float[] i, float[] f, float[] g, float[] c) => isa switch
    {
        Isa.Avx512 => Apply<Avx512Isa, Vector512<float>>(i, f, g, c),
        Isa.Avx2 => Apply<Avx2Isa, Vector256<float>>(i, f, g, c),
        _ => Apply<PortableIsa, Vector128<float>>(i, f, g, c),
    };

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    [Fact]
    public void Matches_float64_on_every_path()
    {
        (float[] i, float[] f, float[] g, float[] c) = Grid();
        foreach ((Isa isa, float[] actual) in IsaPaths.RunSupported(
            () => Apply(Isa.Avx512, i, f, g, c)[0], () => Apply(Isa.Avx2, i, f, g, c)[0], () => Apply(Isa.Portable, i, f, g, c)[0]))
        {
            for (int k = 0; k < i.Length; k++)
            {
                double forget = Sigmoid(f[k]) * c[k], input = Sigmoid(i[k]) * Math.Tanh(g[k]);
                double expected = forget + input;
                // Rounding is relative to the two terms (they may cancel); the gates stop at σ(−40) ≈ 4.2e-18.
                double bound = 1e-6 * (Math.Abs(forget) + Math.Abs(input)) + 4.3e-18 * (Math.Abs(c[k]) + 1) + 1e-38;
                double error = Math.Abs(actual[k] - expected);
                Assert.True(error <= bound,
                    $"{isa}: c' for i {i[k]:R}, f {f[k]:R}, g {g[k]:R}, c {c[k]:R} = {actual[k]:R}, expected {expected:R} (error {error:R} > {bound:R}).");
            }
        }
    }

    [Fact]
    public void Is_bit_identical_across_paths_and_overloads()
    {
        (float[] i, float[] f, float[] g, float[] c) = Grid();
        for (int output = 0; output < 5; output++)
        {
            int which = output;
            IsaPaths.AssertBitIdentical(
                () => Apply(Isa.Avx512, i, f, g, c)[which], () => Apply(Isa.Avx2, i, f, g, c)[which], () => Apply(Isa.Portable, i, f, g, c)[which]);
        }
        float[][] portable = Apply(Isa.Portable, i, f, g, c);
        Assert.Equal(portable[0], portable[4]);
    }

    [Fact]
    public void Returns_the_gates_of_sigmoid_and_tanh_bit_for_bit_from_minus_40_up()
    {
        (float[] i, float[] f, float[] g, float[] c) = Grid();
        float[][] results = Apply(Isa.Portable, i, f, g, c);
        for (int k = 0; k < i.Length; k++)
        {
            AssertGate(i[k], results[1][k]);
            AssertGate(f[k], results[2][k]);
            Assert.Equal(BitConverter.SingleToInt32Bits(ScalarMath.Tanh(g[k])), BitConverter.SingleToInt32Bits(results[3][k]));
        }

        static void AssertGate(float pre, float gate)
        {
            // The gates stop at σ(−40).
            Assert.Equal(BitConverter.SingleToInt32Bits(ScalarMath.Sigmoid(Math.Max(pre, -40f))), BitConverter.SingleToInt32Bits(gate));
        }
    }

    [Fact]
    public void Pow2Sixteenths_is_the_table_times_a_power_of_two_on_every_path()
    {
        // shifted = 1.5·2¹⁹ + 127 + n/16 and n/16 for every n in [−2016, 2063] (normal results up to 2047, then +∞;
        // the gates use [−2008, 924]).
        var shifted = new float[4080];
        var sixteenths = new float[shifted.Length];
        for (int k = 0; k < shifted.Length; k++)
        {
            sixteenths[k] = (k - 2016) / 16f;
            shifted[k] = 786432f + 127f + sixteenths[k];
        }
        foreach ((Isa isa, float[] actual) in IsaPaths.RunSupported(
            () => Pow2Sixteenths<Avx512Isa, Vector512<float>>(shifted, sixteenths), () => Pow2Sixteenths<Avx2Isa, Vector256<float>>(shifted, sixteenths),
            () => Pow2Sixteenths<PortableIsa, Vector128<float>>(shifted, sixteenths)))
        {
            for (int k = 0; k < shifted.Length; k++)
            {
                int n = k - 2016;
                float expected = n >= 2048 ? float.PositiveInfinity : (float)Math.ScaleB(Simd.Pow2Sixteenths.Table[n & 15], n >> 4);
                Assert.True(expected == actual[k], $"{isa}: 2^({n}/16) = {actual[k]:R}, expected {expected:R}.");
                if (n < 2048) Assert.True(Math.Abs(actual[k] / Math.Pow(2, n / 16.0) - 1) <= 6e-8, $"{isa}: 2^({n}/16) = {actual[k]:R}.");
            }
        }
    }

    private static float[] Pow2Sixteenths<TIsa, TVec>(float[] shifted, float[] sixteenths) where TIsa : struct, ISimd<TVec> where TVec : struct
    {
        var result = new float[shifted.Length];
        for (int k = 0; k < shifted.Length; k += TIsa.Width)
            TIsa.Store(TIsa.Pow2Sixteenths(TIsa.Load(ref shifted[k], 0), TIsa.Load(ref sixteenths[k], 0)), ref result[k], 0);
        return result;
    }

    [Fact]
    public void Keeps_the_sign_of_zero_and_propagates_nan()
    {
        float[] i = [0f, 0f, float.NaN, 0f, 0f, 0f, float.PositiveInfinity, float.NegativeInfinity];
        float[] f = [0f, 0f, 0f, float.NaN, 0f, 0f, float.NegativeInfinity, float.PositiveInfinity];
        float[] g = [0f, -0f, 0f, 0f, float.NaN, 0f, 1f, float.NegativeInfinity];
        float[] c = [0f, -0f, 1f, 1f, 1f, float.NaN, 2f, 3f];
        float[] state = Apply(Isa.Portable, i, f, g, c)[0];
        Assert.Equal(BitConverter.SingleToInt32Bits(0f), BitConverter.SingleToInt32Bits(state[0]));
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(state[1]));
        Assert.True(float.IsNaN(state[2]) && float.IsNaN(state[3]) && float.IsNaN(state[4]) && float.IsNaN(state[5]));
        Assert.Equal((float)Math.Tanh(1), state[6], 1e-6f); // input open, forget closed
        Assert.Equal(3f, state[7], 1e-6f); // input closed, forget open
    }
}
