using System.Collections.Generic;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using BenchmarkDotNet.Attributes;
using ModelCompiler.Benchmarks.Catalog;
using static ModelCompiler.Benchmarks.Catalog.Shapes;

namespace ModelCompiler.Benchmarks.Cases;

/// <summary>
/// The machine's measured FMA peak: <see cref="Shapes.PeakAccumulators"/> independent register-resident FMA chains,
/// 512-bit (AVX-512) or 256-bit (AVX2, twice the iterations for the same FLOPs). No memory traffic.
/// </summary>
[Shape(PeakFma)]
public class PeakFmaBenchmark
{
    [ParamsSource(nameof(Widths))]
    public Implementation Impl { get; set; }

    public static IEnumerable<Implementation> Widths
    {
        get
        {
            if (Avx512F.IsSupported) yield return Implementation.Avx512;
            if (Fma.IsSupported) yield return Implementation.Avx2;
        }
    }

    [Benchmark]
    public float Chains() => Impl == Implementation.Avx512 ? Chains512() : Chains256();

    /// <summary>The 512-bit chains, also timed once by the host process for the <c>%Peak</c> column (<see cref="MeasuredPeak"/>).</summary>
    internal static float Chains512()
    {
        Vector512<float> a = Vector512.Create(0.999f), b = Vector512.Create(1e-3f);
        Vector512<float> s0 = a, s1 = a, s2 = a, s3 = a, s4 = a, s5 = a, s6 = a, s7 = a, s8 = a, s9 = a, s10 = a, s11 = a;
        for (int i = 0; i < PeakIterations; i++)
        {
            s0 = Avx512F.FusedMultiplyAdd(s0, a, b); s1 = Avx512F.FusedMultiplyAdd(s1, a, b);
            s2 = Avx512F.FusedMultiplyAdd(s2, a, b); s3 = Avx512F.FusedMultiplyAdd(s3, a, b);
            s4 = Avx512F.FusedMultiplyAdd(s4, a, b); s5 = Avx512F.FusedMultiplyAdd(s5, a, b);
            s6 = Avx512F.FusedMultiplyAdd(s6, a, b); s7 = Avx512F.FusedMultiplyAdd(s7, a, b);
            s8 = Avx512F.FusedMultiplyAdd(s8, a, b); s9 = Avx512F.FusedMultiplyAdd(s9, a, b);
            s10 = Avx512F.FusedMultiplyAdd(s10, a, b); s11 = Avx512F.FusedMultiplyAdd(s11, a, b);
        }
        return Vector512.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11);
    }

    private static float Chains256()
    {
        Vector256<float> a = Vector256.Create(0.999f), b = Vector256.Create(1e-3f);
        Vector256<float> s0 = a, s1 = a, s2 = a, s3 = a, s4 = a, s5 = a, s6 = a, s7 = a, s8 = a, s9 = a, s10 = a, s11 = a;
        for (int i = 0; i < 2 * PeakIterations; i++)
        {
            s0 = Fma.MultiplyAdd(s0, a, b); s1 = Fma.MultiplyAdd(s1, a, b);
            s2 = Fma.MultiplyAdd(s2, a, b); s3 = Fma.MultiplyAdd(s3, a, b);
            s4 = Fma.MultiplyAdd(s4, a, b); s5 = Fma.MultiplyAdd(s5, a, b);
            s6 = Fma.MultiplyAdd(s6, a, b); s7 = Fma.MultiplyAdd(s7, a, b);
            s8 = Fma.MultiplyAdd(s8, a, b); s9 = Fma.MultiplyAdd(s9, a, b);
            s10 = Fma.MultiplyAdd(s10, a, b); s11 = Fma.MultiplyAdd(s11, a, b);
        }
        return Vector256.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11);
    }
}
