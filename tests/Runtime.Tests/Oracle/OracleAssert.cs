using System;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Oracle;

/// <summary>
/// Element-wise comparison against the float64 reference: |expected − actual| ≤ rtol·max(|expected|, |actual|) + atol.
/// The absolute floor keeps values that should be ~0 (where float32 rounding dominates) from failing on relative error.
/// </summary>
public static class OracleAssert
{
    public static void Close(string name, ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double rtol, double atol)
    {
        var widened = new double[actual.Length];
        for (int i = 0; i < actual.Length; i++) widened[i] = actual[i];
        Close(name, expected, widened, rtol, atol);
    }

    public static void Close(string name, ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double rtol, double atol)
    {
        if (expected.Length != actual.Length)
            Assert.Fail($"{name}: expected {expected.Length} values, got {actual.Length}.");
        int failures = 0, first = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            if (Within(expected[i], actual[i], rtol, atol)) continue;
            failures++;
            if (first < 0) first = i;
        }
        if (failures > 0)
            Assert.Fail($"{name}[{first}]: expected {expected[first]:R}, actual {actual[first]:R} " +
                        $"(|diff| {Math.Abs(expected[first] - actual[first]):G3}, rtol {rtol:G2}, atol {atol:G2}); " +
                        $"{failures} of {expected.Length} values out of tolerance.");
    }

    public static void Close(string name, double expected, double actual, double rtol, double atol)
    {
        if (!Within(expected, actual, rtol, atol))
            Assert.Fail($"{name}: expected {expected:R}, actual {actual:R} (|diff| {Math.Abs(expected - actual):G3}, rtol {rtol:G2}, atol {atol:G2}).");
    }

    private static bool Within(double expected, double actual, double rtol, double atol) =>
        Math.Abs(expected - actual) <= rtol * Math.Max(Math.Abs(expected), Math.Abs(actual)) + atol;
}
