using System;
using System.Collections.Generic;
using ModelCompiler.Runtime.Simd;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Kernels;

/// <summary>Runs one computation on every ISA path this process supports and compares the results bit by bit.</summary>
internal static class IsaPaths
{
    public static List<(Isa Isa, float[] Result)> RunSupported(Func<float[]> avx512, Func<float[]> avx2, Func<float[]> portable)
    {
        var results = new List<(Isa, float[])>();
        if (IsaSelector.IsSupported(Isa.Avx512)) results.Add((Isa.Avx512, avx512()));
        if (IsaSelector.IsSupported(Isa.Avx2)) results.Add((Isa.Avx2, avx2()));
        results.Add((Isa.Portable, portable()));
        return results;
    }

    /// <summary>Asserts every supported path produced the same bits as the portable path (any NaN matches any NaN).</summary>
    public static void AssertBitIdentical(Func<float[]> avx512, Func<float[]> avx2, Func<float[]> portable)
    {
        List<(Isa Isa, float[] Result)> results = RunSupported(avx512, avx2, portable);
        float[] expected = results[^1].Result;
        foreach ((Isa isa, float[] actual) in results)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                int expectedBits = BitConverter.SingleToInt32Bits(expected[i]), actualBits = BitConverter.SingleToInt32Bits(actual[i]);
                if (expectedBits != actualBits && !(float.IsNaN(expected[i]) && float.IsNaN(actual[i])))
                {
                    Assert.Fail($"{isa} differs from Portable at element {i}: {actual[i]:R} (0x{actualBits:X8}) vs {expected[i]:R} (0x{expectedBits:X8}).");
                }
            }
        }
    }
}
