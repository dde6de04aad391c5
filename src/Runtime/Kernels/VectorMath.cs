using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Kernels;

/// <summary>
/// Exp, tanh and sigmoid built only from <see cref="ISimd{TVec}"/> operations, so one lane gives the same bits on
/// every ISA (and in <see cref="ScalarMath"/>). Accuracy: exp and sigmoid within ~2e-7 relative wherever the
/// result is a normal float, tanh within ~5e-7 relative everywhere (no cancellation near 0).
/// </summary>
public static class VectorMath<TIsa, TVec>
    where TIsa : struct, ISimd<TVec>
    where TVec : struct
{
    private const float Log2E = 1.44269502f;
    // ln 2 split so that n·Ln2High is exact inside a fused multiply-add and Ln2Low carries the rest.
    private const float Ln2High = 0.693147182f;
    private const float Ln2Low = -1.90465421e-9f;
    // Below this exp rounds to 0; above it exp is +∞ (e^89 > float.MaxValue). Clamping keeps 2^n buildable.
    private const float ExpInputMin = -104f;
    private const float ExpInputMax = 89f;
    // |y| below this takes the expm1 Taylor polynomial, which avoids the cancellation of exp(y) − 1.
    private const float Expm1PolynomialLimit = 0.5f;

    /// <summary>e^x; 0 far below −87 (subnormals near it), +∞ above ~88.72, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Exp(TVec x)
    {
        x = TIsa.Min(TIsa.Broadcast(ExpInputMax), TIsa.Max(TIsa.Broadcast(ExpInputMin), x)); // x last: NaN propagates
        // x = n·ln2 + r with |r| ≤ ln2/2, e^x = 2^n · e^r.
        TVec n = TIsa.RoundToNearest(TIsa.Multiply(x, TIsa.Broadcast(Log2E)));
        TVec r = TIsa.MultiplyAdd(n, TIsa.Broadcast(-Ln2High), x);
        r = TIsa.MultiplyAdd(n, TIsa.Broadcast(-Ln2Low), r);
        // Taylor series of e^r to degree 7 (truncation < 8e-9 relative for |r| ≤ 0.35), evaluated by Estrin's
        // scheme: pairs of terms in parallel, so the dependency chain is 3 multiply-adds deep instead of 8 (the
        // latency of a streaming step is made of such chains).
        TVec r2 = TIsa.Multiply(r, r);
        TVec r4 = TIsa.Multiply(r2, r2);
        TVec p01 = TIsa.Add(r, TIsa.Broadcast(1f));
        TVec p23 = TIsa.MultiplyAdd(TIsa.Broadcast(1f / 6f), r, TIsa.Broadcast(0.5f));
        TVec p45 = TIsa.MultiplyAdd(TIsa.Broadcast(1f / 120f), r, TIsa.Broadcast(1f / 24f));
        TVec p67 = TIsa.MultiplyAdd(TIsa.Broadcast(1f / 5040f), r, TIsa.Broadcast(1f / 720f));
        TVec p03 = TIsa.MultiplyAdd(p23, r2, p01);
        TVec p47 = TIsa.MultiplyAdd(p67, r2, p45);
        TVec p = TIsa.MultiplyAdd(p47, r4, p03);
        // n spans [−150, 128], beyond one exponent field: scale by two halves of n. The first product is exact,
        // so a subnormal result is rounded only once.
        TVec half = TIsa.RoundToNearest(TIsa.Multiply(n, TIsa.Broadcast(0.5f)));
        TVec rest = TIsa.Subtract(n, half);
        return TIsa.Multiply(TIsa.Multiply(p, TIsa.Pow2(half)), TIsa.Pow2(rest));
    }

    /// <summary>tanh(x), odd, exactly ±1 beyond ~±9, tanh(±0) = ±0, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Tanh(TVec x)
    {
        // tanh|x| = −e / (2 + e) with e = expm1(−2|x|) ∈ (−1, 0]: no cancellation anywhere.
        TVec y = TIsa.Multiply(TIsa.Abs(x), TIsa.Broadcast(-2f));
        TVec e = TIsa.SelectGreaterThan(
            y, TIsa.Broadcast(-Expm1PolynomialLimit),
            Expm1Small(y),
            TIsa.Subtract(Exp(y), TIsa.Broadcast(1f)));
        TVec magnitude = TIsa.Divide(TIsa.Negate(e), TIsa.Add(TIsa.Broadcast(2f), e));
        return TIsa.CopySign(magnitude, x);
    }

    /// <summary>1 / (1 + e^−x): exactly 0 below ~−104 and 1 above ~17, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Sigmoid(TVec x)
    {
        TVec one = TIsa.Broadcast(1f);
        return TIsa.Divide(one, TIsa.Add(one, Exp(TIsa.Negate(x))));
    }

    /// <summary>max(x, 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Relu(TVec x) => TIsa.Max(TIsa.Zero, x);

    /// <summary>Applies <see cref="Exp"/> to every element; the length must be a multiple of the vector width.</summary>
    public static void ExpInPlace(Span<float> values)
    {
        ref float v = ref Start(values);
        for (nuint j = 0; j < (nuint)values.Length; j += (nuint)TIsa.Width) TIsa.Store(Exp(TIsa.Load(ref v, j)), ref v, j);
    }

    /// <summary>Applies <see cref="Tanh"/> to every element; the length must be a multiple of the vector width.</summary>
    public static void TanhInPlace(Span<float> values)
    {
        ref float v = ref Start(values);
        for (nuint j = 0; j < (nuint)values.Length; j += (nuint)TIsa.Width) TIsa.Store(Tanh(TIsa.Load(ref v, j)), ref v, j);
    }

    /// <summary>Applies <see cref="Sigmoid"/> to every element; the length must be a multiple of the vector width.</summary>
    public static void SigmoidInPlace(Span<float> values)
    {
        ref float v = ref Start(values);
        for (nuint j = 0; j < (nuint)values.Length; j += (nuint)TIsa.Width) TIsa.Store(Sigmoid(TIsa.Load(ref v, j)), ref v, j);
    }

    /// <summary>Applies <see cref="Relu"/> to every element; the length must be a multiple of the vector width.</summary>
    public static void ReluInPlace(Span<float> values)
    {
        ref float v = ref Start(values);
        for (nuint j = 0; j < (nuint)values.Length; j += (nuint)TIsa.Width) TIsa.Store(Relu(TIsa.Load(ref v, j)), ref v, j);
    }

    /// <summary>
    /// expm1(y) for |y| ≤ 0.5 as y·(1 + y/2! + … + y⁸/9!): the truncation is below 3e-10 relative, and the leading
    /// y is exact, so tiny y keep full precision. Estrin's scheme, as in <see cref="Exp"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Expm1Small(TVec y)
    {
        TVec y2 = TIsa.Multiply(y, y);
        TVec y4 = TIsa.Multiply(y2, y2);
        TVec y8 = TIsa.Multiply(y4, y4);
        TVec q01 = TIsa.MultiplyAdd(TIsa.Broadcast(0.5f), y, TIsa.Broadcast(1f));
        TVec q23 = TIsa.MultiplyAdd(TIsa.Broadcast(1f / 24f), y, TIsa.Broadcast(1f / 6f));
        TVec q45 = TIsa.MultiplyAdd(TIsa.Broadcast(1f / 720f), y, TIsa.Broadcast(1f / 120f));
        TVec q67 = TIsa.MultiplyAdd(TIsa.Broadcast(1f / 40320f), y, TIsa.Broadcast(1f / 5040f));
        TVec q03 = TIsa.MultiplyAdd(q23, y2, q01);
        TVec q47 = TIsa.MultiplyAdd(q67, y2, q45);
        TVec q07 = TIsa.MultiplyAdd(q47, y4, q03);
        TVec q = TIsa.MultiplyAdd(TIsa.Broadcast(1f / 362880f), y8, q07);
        return TIsa.Multiply(y, q);
    }

    /// <summary>The span's first element, after checking the length is whole vectors (the loops read unchecked).</summary>
    private static ref float Start(Span<float> values)
    {
        if (values.Length % TIsa.Width != 0)
        {
            throw new ArgumentException(
                $"VectorMath: the span length must be a multiple of the vector width {TIsa.Width}, got {values.Length}.", nameof(values));
        }
        return ref MemoryMarshal.GetReference(values);
    }
}
