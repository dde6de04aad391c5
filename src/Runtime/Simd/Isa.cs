using System.Runtime.Intrinsics.X86;

namespace ModelCompiler.Runtime.Simd;

/// <summary>The instruction-set path a model runs on.</summary>
public enum Isa
{
    /// <summary>Vector128 (SSE / AdvSimd / software): runs wherever .NET runs.</summary>
    Portable = 0,
    /// <summary>256-bit AVX2 with FMA.</summary>
    Avx2 = 1,
    /// <summary>512-bit AVX-512F.</summary>
    Avx512 = 2,
}

/// <summary>Chooses the path once per process.</summary>
public static class IsaSelector
{
    /// <summary>
    /// The fastest path this process supports. AVX-512 is chosen from <see cref="Avx512F.IsSupported"/>, not from
    /// <c>Vector512.IsHardwareAccelerated</c>, which is false by default on Cascade Lake-class Xeons although
    /// 512-bit FMA is ~1.76× faster than AVX2 there.
    /// </summary>
    public static Isa Best { get; } =
        Avx512F.IsSupported ? Isa.Avx512 :
        Avx2.IsSupported && Fma.IsSupported ? Isa.Avx2 :
        Isa.Portable;

    /// <summary>Whether <paramref name="isa"/> can run in this process.</summary>
    public static bool IsSupported(Isa isa) => isa switch
    {
        Isa.Avx512 => Avx512F.IsSupported,
        Isa.Avx2 => Avx2.IsSupported && Fma.IsSupported,
        _ => true,
    };
}
