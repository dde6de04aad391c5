using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using ModelCompiler.Runtime.Kernels;
using ModelCompiler.Runtime.Simd;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Kernels;

public class VectorMathTests
{
    public enum Function { Exp, Tanh, Sigmoid, Relu }

    private const double SmallestNormal = 1.17549435e-38;

    private static float[] Apply<TIsa, TVec>(Function function, float[] input) where TIsa : struct, ISimd<TVec> where TVec : struct
    {
        float[] values = (float[])input.Clone();
        switch (function)
        {
            case Function.Exp: VectorMath<TIsa, TVec>.ExpInPlace(values); break;
            case Function.Tanh: VectorMath<TIsa, TVec>.TanhInPlace(values); break;
            case Function.Sigmoid: VectorMath<TIsa, TVec>.SigmoidInPlace(values); break;
            default: VectorMath<TIsa, TVec>.ReluInPlace(values); break;
        }
        return values;
    }

    private static void AssertBitIdentical(Function function, float[] input) => IsaPaths.AssertBitIdentical(
        () => Apply<Avx512Isa, Vector512<float>>(function, input),
        () => Apply<Avx2Isa, Vector256<float>>(function, input),
        () => Apply<PortableIsa, Vector128<float>>(function, input));

    [Theory]
    [InlineData(Function.Exp)]
    [InlineData(Function.Tanh)]
    [InlineData(Function.Sigmoid)]
    [InlineData(Function.Relu)]
    public void Functions_are_bit_identical_across_isas(Function function)
    {
        AssertBitIdentical(function, MathInputs.Mixed(seed: (int)function + 11));
    }

    [Theory]
    [InlineData(Function.Exp)]
    [InlineData(Function.Tanh)]
    [InlineData(Function.Sigmoid)]
    public void Scalar_math_matches_one_vector_lane_bit_for_bit(Function function)
    {
        float[] input = MathInputs.Mixed(seed: 5);
        float[] vector = Apply<PortableIsa, Vector128<float>>(function, input);
        Func<float, float> scalar = function switch
        {
            Function.Exp => ScalarMath.Exp,
            Function.Tanh => ScalarMath.Tanh,
            _ => ScalarMath.Sigmoid,
        };
        for (int i = 0; i < input.Length; i++)
        {
            float s = scalar(input[i]);
            Assert.True(BitConverter.SingleToInt32Bits(s) == BitConverter.SingleToInt32Bits(vector[i]) || (float.IsNaN(s) && float.IsNaN(vector[i])),
                $"{function}({input[i]:R}): scalar {s:R}, vector {vector[i]:R}.");
        }
    }

    [Theory]
    [InlineData(Function.Exp, 3e-7)]
    [InlineData(Function.Tanh, 5e-7)]
    [InlineData(Function.Sigmoid, 3e-7)] // 2–3 ulp: the Estrin-ordered exp polynomial rounds slightly differently from Horner
    public void Functions_match_float64_reference_over_a_dense_sweep(Function function, double relativeTolerance)
    {
        float[] input = MathInputs.DenseSweep();
        foreach ((Isa isa, float[] output) in IsaPaths.RunSupported(
            () => Apply<Avx512Isa, Vector512<float>>(function, input),
            () => Apply<Avx2Isa, Vector256<float>>(function, input),
            () => Apply<PortableIsa, Vector128<float>>(function, input)))
        {
            double worst = 0;
            float worstInput = 0;
            for (int i = 0; i < input.Length; i++)
            {
                double x = input[i];
                double expected = function switch
                {
                    Function.Exp => Math.Exp(x),
                    Function.Tanh => Math.Tanh(x),
                    _ => 1 / (1 + Math.Exp(-x)),
                };
                double actual = output[i];
                if (Math.Abs(expected) < SmallestNormal)
                {
                    // Subnormal results carry fewer digits: only the absolute error is meaningful.
                    Assert.True(Math.Abs(actual - expected) <= SmallestNormal, $"{isa} {function}({x:R}) = {actual:R}, expected {expected:R}.");
                    continue;
                }
                if (expected > float.MaxValue)
                {
                    Assert.True(float.IsPositiveInfinity(output[i]), $"{isa} {function}({x:R}) = {actual:R}, expected +∞.");
                    continue;
                }
                double error = Math.Abs(actual - expected) / Math.Abs(expected);
                if (error > worst) (worst, worstInput) = (error, input[i]);
            }
            Assert.True(worst < relativeTolerance, $"{isa} {function}: worst relative error {worst:E3} at x = {worstInput:R}.");
        }
    }

    [Fact]
    public void Tanh_never_leaves_minus_one_to_one_near_saturation()
    {
        // Every float in [7, 11): the rational approximation rounds an ulp above 1 there unless it is capped; within the 4e-7 of the dense sweep.
        var values = new List<float>();
        for (float x = 7f; x < 11f; x = MathF.BitIncrement(x)) values.Add(x);
        while (values.Count % 16 != 0) values.Add(11f);
        float[] input = values.ToArray();
        foreach ((Isa isa, float[] output) in IsaPaths.RunSupported(
            () => Apply<Avx512Isa, Vector512<float>>(Function.Tanh, input),
            () => Apply<Avx2Isa, Vector256<float>>(Function.Tanh, input),
            () => Apply<PortableIsa, Vector128<float>>(Function.Tanh, input)))
        {
            for (int i = 0; i < input.Length; i++)
            {
                Assert.True(output[i] <= 1f, $"{isa} tanh({input[i]:R}) = {output[i]:R} > 1.");
                Assert.True(Math.Abs(output[i] - Math.Tanh(input[i])) <= 4e-7, $"{isa} tanh({input[i]:R}) = {output[i]:R}, expected {Math.Tanh(input[i]):R}.");
            }
            Assert.Equal(-1f, ScalarMath.Tanh(-input[^1]));
        }
    }

    [Fact]
    public void Special_values_saturate_and_propagate_nan()
    {
        Assert.Equal(1f, ScalarMath.Exp(0f));
        Assert.Equal(1f, ScalarMath.Exp(-0f));
        Assert.Equal(0f, ScalarMath.Exp(-1000f));
        Assert.Equal(0f, ScalarMath.Exp(float.NegativeInfinity));
        Assert.Equal(float.PositiveInfinity, ScalarMath.Exp(1000f));
        Assert.Equal(float.PositiveInfinity, ScalarMath.Exp(float.PositiveInfinity));
        Assert.InRange(ScalarMath.Exp(88.72f) / Math.Exp(88.72f), 1 - 2e-7, 1 + 2e-7);

        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(ScalarMath.Tanh(-0f)));
        Assert.Equal(BitConverter.SingleToInt32Bits(0f), BitConverter.SingleToInt32Bits(ScalarMath.Tanh(0f)));
        Assert.Equal(1e-30f, ScalarMath.Tanh(1e-30f));
        Assert.Equal(-float.Epsilon, ScalarMath.Tanh(-float.Epsilon));
        Assert.Equal(1f, ScalarMath.Tanh(10f));
        Assert.Equal(-1f, ScalarMath.Tanh(-1e4f));
        Assert.Equal(1f, ScalarMath.Tanh(float.PositiveInfinity));
        Assert.Equal(-1f, ScalarMath.Tanh(float.MinValue));

        Assert.Equal(0.5f, ScalarMath.Sigmoid(0f));
        Assert.Equal(1f, ScalarMath.Sigmoid(100f));
        Assert.Equal(0f, ScalarMath.Sigmoid(-1000f));
        Assert.Equal(0f, ScalarMath.Sigmoid(float.NegativeInfinity));
        Assert.Equal(1f, ScalarMath.Sigmoid(float.PositiveInfinity));

        Assert.True(float.IsNaN(ScalarMath.Exp(float.NaN)));
        Assert.True(float.IsNaN(ScalarMath.Tanh(float.NaN)));
        Assert.True(float.IsNaN(ScalarMath.Sigmoid(float.NaN)));
        float[] relu = { float.NaN, -0f, -3f, 2f };
        VectorMath<PortableIsa, Vector128<float>>.ReluInPlace(relu);
        Assert.True(float.IsNaN(relu[0]));
        Assert.Equal(new[] { 0f, 0f, 2f }, relu[1..]);
    }
}
