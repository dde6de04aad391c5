using System;
using System.Linq;
using ModelCompiler.Runtime.Training;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Engine;

/// <summary><see cref="GradientClipping.GlobalNorm"/> (eight interleaved sums) against one plain running sum in double.</summary>
public class GradientNormTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(83)]
    [InlineData(10_000)]
    public void Is_the_L2_norm_of_every_element(int length)
    {
        var random = new Random(length);
        float[] gradients = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5) * 4f).ToArray();
        double expected = Math.Sqrt(gradients.Sum(g => (double)g * g));
        double actual = GradientClipping.GlobalNorm(gradients);
        Assert.True(Math.Abs(actual - expected) <= 1e-12 * Math.Max(1, expected), $"length {length}: {actual:R} against {expected:R}");
    }

    [Fact]
    public void Is_not_finite_when_a_gradient_is_not()
    {
        var gradients = new float[21];
        gradients[3] = 1f;
        gradients[20] = float.NaN; // in the tail past the last group of eight
        Assert.True(double.IsNaN(GradientClipping.GlobalNorm(gradients)));
        gradients[20] = 0f;
        gradients[9] = float.PositiveInfinity;
        Assert.True(double.IsPositiveInfinity(GradientClipping.GlobalNorm(gradients)));
    }
}
