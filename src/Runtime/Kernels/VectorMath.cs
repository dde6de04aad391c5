using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Kernels;

/// <summary>
/// Exp, tanh and sigmoid built only from <see cref="ISimd{TVec}"/> operations, so one lane gives the same bits on
/// every ISA (and in <see cref="ScalarMath"/>). Accuracy: exp and sigmoid within ~2e-7 relative wherever the
/// result is a normal float, tanh within ~4e-7 relative everywhere.
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
    // 1.5·2²³: any float in [2²³, 2²⁴) is an integer, so x·log2 e + Shifter rounds x·log2 e to an integer.
    private const float Shifter = 12582912f;
    // (Shifter + 16·127)/16 rounds y·log2 e to sixteenths, n/16 with n = round(16·y·log2 e) (the sum's unit is 1/16):
    // the low 4 mantissa bits are n mod 16, the next ones ⌊n/16⌋ + 127.
    private const float SixteenthsShifter = Shifter / 16f + 127f;
    // The sigmoid's exp range: e^−87 is the smallest power it needs (1 + e^y = 1 far above it); up to 89, past the
    // largest finite e^y, so that it overflows to +∞ (σ = 0) there.
    private const float SigmoidExpInputMin = -87f;
    private const float SigmoidExpInputMax = 89f;
    // The LSTM cell's gate denominators stop at 1 + e^40 (σ ≥ 4.2e-18): then D_f·Q_g·D_i < 2.4e17² · 824 stays finite.
    private const float CellGateExpInputMax = 40f;
    // tanh rounds to ±1 beyond ~±9.01; the rational fit below is made on [0, 10] and gives exactly 1 at 10.
    private const float TanhSaturation = 10f;
    // Coefficients of P(t) = 1 + P1·t + … + P5·t⁵ and Q(t) = 1 + Q1·t + … + Q4·t⁴, t = x²: an iteratively reweighted
    // least-squares (Lawson) fit of tanh(x)/x for minimal relative error on [0, 10], rounded to float.
    private const float TanhP1 = 0.136344254f;
    private const float TanhP2 = 3.81151913e-3f;
    private const float TanhP3 = 2.68755957e-5f;
    private const float TanhP4 = 2.79357550e-8f;
    private const float TanhP5 = -1.03202984e-11f;
    private const float TanhQ1 = 0.469677567f;
    private const float TanhQ2 = 2.70374175e-2f;
    private const float TanhQ3 = 3.83894774e-4f;
    private const float TanhQ4 = 1.20919128e-6f;

    /// <summary>e^x; 0 far below −87 (subnormals near it), +∞ above ~88.72, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Exp(TVec x)
    {
        x = TIsa.Min(TIsa.Broadcast(ExpInputMax), TIsa.Max(TIsa.Broadcast(ExpInputMin), x)); // x last: NaN propagates
        TVec p = ReducedExp(x, out TVec n);
        // n spans [−150, 128], beyond one exponent field: scale by two halves of n. The first product is exact,
        // so a subnormal result is rounded only once.
        TVec half = TIsa.RoundToNearest(TIsa.Multiply(n, TIsa.Broadcast(0.5f)));
        TVec rest = TIsa.Subtract(n, half);
        return TIsa.Multiply(TIsa.Multiply(p, TIsa.Pow2(half)), TIsa.Pow2(rest));
    }

    /// <summary>tanh(x), odd, never beyond ±1, ±1 from ±10 on, tanh(±0) = ±0, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Tanh(TVec x)
    {
        // tanh x = x·P(x²)/Q(x²) on [−10, 10], a rational fit to relative error 4e-9 (degrees 5 and 4 in x²,
        // P(0) = Q(0) = 1, so tiny x come back exact). No exp, no branches: one division and two Estrin
        // polynomials, about half the latency of an exp-based tanh, which sits twice on an LSTM step's critical path.
        TanhRational(x, out TVec numerator, out TVec denominator);
        // Rounding can put the quotient an ulp above 1 past ~8: cap it, then restore the sign (tanh is odd).
        TVec quotient = TIsa.Min(TIsa.Broadcast(1f), TIsa.Divide(numerator, denominator));
        return TIsa.CopySign(quotient, x);
    }

    /// <summary>
    /// tanh(x)·σ(y), as an LSTM's h = o·tanh(c) needs it, with one division: |tanh x| = min(N, Q)/Q for the rational
    /// N/Q of <see cref="Tanh"/> (the min is its cap at 1) and σ(y) = 1/(1 + e^−y), so the product is
    /// min(N, Q) / (Q·(1 + e^−y)) with x's sign. Within ~3e-7 relative of the exact product; NaN for NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec TanhTimesSigmoid(TVec x, TVec y)
    {
        TanhRational(x, out TVec numerator, out TVec denominator);
        TVec capped = TIsa.Min(denominator, numerator); // numerator last: NaN propagates
        return TIsa.CopySign(TIsa.Divide(capped, TIsa.Multiply(denominator, SigmoidDenominator(y, cellGate: false))), x);
    }

    /// <summary>
    /// An LSTM's new cell state c' = σ(f)·c + σ(i)·tanh(g) from the gate pre-activations, with one division: with
    /// σ(x) = 1/D(x) and tanh g = N/Q (the rational of <see cref="Tanh"/>, N signed and capped at Q),
    /// c' = (c·Q·D_i + N·D_f) / (D_f·Q·D_i). A streaming step has c' on its critical path; three quotients there
    /// queue on the divider. The error stays within 1e-6·(σ(f)·|c| + σ(i)·|tanh g|) (the terms may cancel), except
    /// that σ(i) and σ(f) stop at σ(−40) ≈ 4.2e-18 (so the product of denominators stays finite); NaN for NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec LstmCellState(TVec preI, TVec preF, TVec preG, TVec c)
    {
        CellQuotientParts(preI, preF, preG, out TVec inputDenominator, out TVec forgetDenominator, out TVec tanhNumerator, out TVec tanhDenominator);
        return CellQuotient(c, inputDenominator, forgetDenominator, tanhNumerator, tanhDenominator);
    }

    /// <summary>
    /// <see cref="LstmCellState(TVec, TVec, TVec, TVec)"/> (the same bits) that also returns the gates a backward pass
    /// keeps: i = σ(pre_i) and f = σ(pre_f) (<see cref="Sigmoid"/>'s bits from −40 up, σ(−40) below it) and
    /// g = <see cref="Tanh"/>(pre_g), all from the parts of the one quotient.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec LstmCellState(TVec preI, TVec preF, TVec preG, TVec c, out TVec i, out TVec f, out TVec g)
    {
        CellQuotientParts(preI, preF, preG, out TVec inputDenominator, out TVec forgetDenominator, out TVec tanhNumerator, out TVec tanhDenominator);
        TVec one = TIsa.Broadcast(1f);
        i = TIsa.Divide(one, inputDenominator);
        f = TIsa.Divide(one, forgetDenominator);
        // min(Q, N)/Q with x's sign is Tanh's min(1, N/Q) with x's sign, bit for bit (the division is monotonic).
        g = TIsa.Divide(tanhNumerator, tanhDenominator);
        return CellQuotient(c, inputDenominator, forgetDenominator, tanhNumerator, tanhDenominator);
    }

    /// <summary>D_i, D_f (denominators of σ) and the signed, capped N and Q of tanh g.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CellQuotientParts(TVec preI, TVec preF, TVec preG, out TVec inputDenominator, out TVec forgetDenominator, out TVec tanhNumerator, out TVec tanhDenominator)
    {
        inputDenominator = SigmoidDenominator(preI, cellGate: true);
        forgetDenominator = SigmoidDenominator(preF, cellGate: true);
        TanhRational(preG, out TVec magnitudeNumerator, out tanhDenominator);
        tanhNumerator = TIsa.CopySign(TIsa.Min(tanhDenominator, magnitudeNumerator), preG); // numerator last: NaN propagates
    }

    /// <summary>(c·Q·D_i + N·D_f) / (D_f·Q·D_i).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec CellQuotient(TVec c, TVec inputDenominator, TVec forgetDenominator, TVec tanhNumerator, TVec tanhDenominator)
    {
        TVec tanhTimesInput = TIsa.Multiply(tanhDenominator, inputDenominator);
        TVec numerator = TIsa.MultiplyAdd(c, tanhTimesInput, TIsa.Multiply(tanhNumerator, forgetDenominator));
        return TIsa.Divide(numerator, TIsa.Multiply(forgetDenominator, tanhTimesInput));
    }

    /// <summary>N = |x|·P(x²) and Q = Q(x²) of the rational tanh (|x| capped at 10; NaN propagates into N).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TanhRational(TVec x, out TVec numerator, out TVec denominator)
    {
        TVec magnitude = TIsa.Min(TIsa.Broadcast(TanhSaturation), TIsa.Abs(x)); // x last: NaN propagates
        TVec t = TIsa.Multiply(magnitude, magnitude);
        TVec t2 = TIsa.Multiply(t, t);
        TVec t4 = TIsa.Multiply(t2, t2);
        TVec one = TIsa.Broadcast(1f);
        TVec p01 = TIsa.MultiplyAdd(TIsa.Broadcast(TanhP1), t, one);
        TVec p23 = TIsa.MultiplyAdd(TIsa.Broadcast(TanhP3), t, TIsa.Broadcast(TanhP2));
        TVec p45 = TIsa.MultiplyAdd(TIsa.Broadcast(TanhP5), t, TIsa.Broadcast(TanhP4));
        TVec q01 = TIsa.MultiplyAdd(TIsa.Broadcast(TanhQ1), t, one);
        TVec q23 = TIsa.MultiplyAdd(TIsa.Broadcast(TanhQ3), t, TIsa.Broadcast(TanhQ2));
        TVec p = TIsa.MultiplyAdd(p45, t4, TIsa.MultiplyAdd(p23, t2, p01));
        denominator = TIsa.MultiplyAdd(TIsa.Broadcast(TanhQ4), t4, TIsa.MultiplyAdd(q23, t2, q01));
        numerator = TIsa.Multiply(magnitude, p);
    }

    /// <summary>1 / (1 + e^−x): exactly 0 below ~−88.7 and 1 above ~17, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Sigmoid(TVec x) => TIsa.Divide(TIsa.Broadcast(1f), SigmoidDenominator(x, cellGate: false));

    /// <summary>
    /// 1 + e^−x, the denominator of σ(x), with e^−x stopped at e^89 for <see cref="Sigmoid"/> (past the largest finite
    /// e^−x, so +∞ and σ = 0 there), at e^40 for the LSTM cell's gates (<paramref name="cellGate"/>).
    /// e^y (y = −x) = 2^(n/16)·e^r with n = round(16·y·log2 e), 2^(n/16) from a 16-entry table
    /// (<see cref="ISimd{TVec}.Pow2Sixteenths"/>) and |r| ≤ ln2/32, so a cubic (truncation 9e-9) serves: a short
    /// chain, and a sigmoid sits on every LSTM/GRU step's dependency chain. Below y = −87 e^y only adds nothing to 1,
    /// so no subnormal care.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec SigmoidDenominator(TVec x, bool cellGate)
    {
        float expInputMax = cellGate ? CellGateExpInputMax : SigmoidExpInputMax;
        float shiftedAtInputMin = cellGate ? s_shiftedAtCellGateInputMin : s_shiftedAtSigmoidInputMin;
        // n/16 from x itself, then clamped as integer bits (two one-cycle operations) to what the clamped x gives:
        // rounding is monotonic, so that is the same n, and the float clamp of x (which u needs) runs beside it
        // instead of ahead of it on the chain.
        TVec shifted = TIsa.ClampBits(
            TIsa.MultiplyAdd(x, TIsa.Broadcast(-Log2E), TIsa.Broadcast(SixteenthsShifter)),
            TIsa.Broadcast(s_shiftedAtSigmoidInputMax), TIsa.Broadcast(shiftedAtInputMin));
        TVec sixteenths = TIsa.Subtract(shifted, TIsa.Broadcast(SixteenthsShifter)); // n/16, exact
        TVec clamped = TIsa.Max(TIsa.Broadcast(-expInputMax), TIsa.Min(TIsa.Broadcast(-SigmoidExpInputMin), x)); // x last: NaN propagates
        // u = x + (n/16)·ln2 = −r in two parts ((n/16)·ln2 high is exact inside the multiply-add); the cubic in r has
        // the odd terms' signs flipped, which rounds exactly as negating u would. A NaN x reaches D through u.
        TVec u = TIsa.MultiplyAdd(sixteenths, TIsa.Broadcast(Ln2High), clamped);
        u = TIsa.MultiplyAdd(sixteenths, TIsa.Broadcast(Ln2Low), u);
        TVec cubic = TIsa.MultiplyAdd(TIsa.Multiply(u, u), TIsa.MultiplyAdd(TIsa.Broadcast(-1f / 6f), u, TIsa.Broadcast(0.5f)), TIsa.Subtract(TIsa.Broadcast(1f), u));
        // 1 + e^r·2^(n/16) in one multiply-add.
        return TIsa.MultiplyAdd(cubic, TIsa.Pow2Sixteenths(shifted, sixteenths), TIsa.Broadcast(1f));
    }

    // The shifter sums at the ends of the sigmoid's clamp, rounded exactly as SigmoidDenominator's multiply-add rounds them.
    private static readonly float s_shiftedAtSigmoidInputMax = MathF.FusedMultiplyAdd(-SigmoidExpInputMin, -Log2E, SixteenthsShifter);
    private static readonly float s_shiftedAtSigmoidInputMin = MathF.FusedMultiplyAdd(-SigmoidExpInputMax, -Log2E, SixteenthsShifter);
    private static readonly float s_shiftedAtCellGateInputMin = MathF.FusedMultiplyAdd(-CellGateExpInputMax, -Log2E, SixteenthsShifter);

    /// <summary>
    /// e^r for x = n·ln2 + r, n = round(x·log2 e) (ties to even), for |x| ≤ 2²¹: returns the polynomial e^r and n.
    /// Adding the shifter (1.5·2²³) inside the multiply-add rounds x·log2 e to an integer in one step (the sum's unit
    /// is 1), a shorter chain than a multiply followed by a rounding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec ReducedExp(TVec x, out TVec n)
    {
        TVec shifted = TIsa.MultiplyAdd(x, TIsa.Broadcast(Log2E), TIsa.Broadcast(Shifter));
        n = TIsa.Subtract(shifted, TIsa.Broadcast(Shifter));
        TVec r = TIsa.MultiplyAdd(n, TIsa.Broadcast(-Ln2High), x);
        r = TIsa.MultiplyAdd(n, TIsa.Broadcast(-Ln2Low), r);
        // Taylor series of e^r to degree 7 (truncation < 8e-9 relative for |r| ≤ 0.35), evaluated by Estrin's
        // scheme: pairs of terms in parallel, so the dependency chain is 3 multiply-adds deep instead of 8.
        TVec r2 = TIsa.Multiply(r, r);
        TVec r4 = TIsa.Multiply(r2, r2);
        TVec p01 = TIsa.Add(r, TIsa.Broadcast(1f));
        TVec p23 = TIsa.MultiplyAdd(TIsa.Broadcast(1f / 6f), r, TIsa.Broadcast(0.5f));
        TVec p45 = TIsa.MultiplyAdd(TIsa.Broadcast(1f / 120f), r, TIsa.Broadcast(1f / 24f));
        TVec p67 = TIsa.MultiplyAdd(TIsa.Broadcast(1f / 5040f), r, TIsa.Broadcast(1f / 720f));
        TVec p03 = TIsa.MultiplyAdd(p23, r2, p01);
        TVec p47 = TIsa.MultiplyAdd(p67, r2, p45);
        return TIsa.MultiplyAdd(p47, r4, p03);
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
