namespace ModelCompiler.Runtime.Simd;

/// <summary>
/// One instruction set, seen as a vector of <see cref="Width"/> floats. Every kernel is written once against this
/// interface and specialized by the JIT for each implementation (a struct type argument), so the three paths run
/// the same sequence of IEEE operations per lane and therefore produce the same bits.
/// Rules for kernels: vectorize over an output dimension only; every sum is accumulated per lane in a fixed order
/// (never a horizontal sum whose shape depends on the width); use <see cref="MultiplyAdd"/> (fused, one rounding)
/// on every path.
/// </summary>
public interface ISimd<TVec> where TVec : struct
{
    /// <summary>Floats per vector: 16, 8 or 4.</summary>
    static abstract int Width { get; }

    static abstract TVec Zero { get; }
    static abstract TVec Broadcast(float value);
    static abstract TVec Load(ref float source, nuint elementOffset);
    static abstract void Store(TVec value, ref float destination, nuint elementOffset);

    static abstract TVec Add(TVec a, TVec b);
    static abstract TVec Subtract(TVec a, TVec b);
    static abstract TVec Multiply(TVec a, TVec b);
    static abstract TVec Divide(TVec a, TVec b);
    /// <summary>a × b + c with a single rounding.</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);
    /// <summary>
    /// The hardware's minimum (one instruction, no IEEE fix-ups): when an operand is NaN, or both are zeros, x86
    /// returns <paramref name="b"/>, so pass the value that must propagate NaN as <paramref name="b"/>.
    /// </summary>
    static abstract TVec Min(TVec a, TVec b);
    /// <summary>The hardware's maximum; NaN and signed zeros as in <see cref="Min"/>.</summary>
    static abstract TVec Max(TVec a, TVec b);
    /// <summary>
    /// The bits of <paramref name="value"/> clamped, as signed integers, between those of <paramref name="low"/> and
    /// <paramref name="high"/>: for bounds that are positive floats, the float clamp of any value but NaN (negative
    /// floats, −∞ included, read as negative integers and go to <paramref name="low"/>; +∞ goes to
    /// <paramref name="high"/>). Integer minimum and maximum take one cycle each, a float one four.
    /// </summary>
    static abstract TVec ClampBits(TVec value, TVec low, TVec high);
    static abstract TVec Sqrt(TVec a);
    static abstract TVec Abs(TVec a);
    static abstract TVec Negate(TVec a);
    /// <summary>Round to the nearest integer, ties to even.</summary>
    static abstract TVec RoundToNearest(TVec a);
    /// <summary>2^n for integral n in [−126, 127], built from the exponent bits (no saturation checks: n must be in range).</summary>
    static abstract TVec Pow2(TVec integralExponent);
    /// <summary>Per lane: a &gt; b ? ifTrue : ifFalse.</summary>
    static abstract TVec SelectGreaterThan(TVec a, TVec b, TVec ifTrue, TVec ifFalse);
    /// <summary>Per lane: a &lt; b ? ifTrue : ifFalse.</summary>
    static abstract TVec SelectLessThan(TVec a, TVec b, TVec ifTrue, TVec ifFalse);
    /// <summary>Copies the sign bit of <paramref name="sign"/> onto <paramref name="magnitude"/>.</summary>
    static abstract TVec CopySign(TVec magnitude, TVec sign);
    /// <summary>
    /// 2^(n/16) for n in [−2016, 2047], given twice: <paramref name="shifted"/> = 1.5·2¹⁹ + 127 + n/16 (whose low 4
    /// mantissa bits are n mod 16 and the next ones ⌊n/16⌋ + 127) and <paramref name="sixteenths"/> = n/16.
    /// <see cref="Pow2Sixteenths.Table"/>[n mod 16] (a lookup by the low 4 bits) times 2^⌊n/16⌋ (from the next bits,
    /// shifted into the exponent, or by one scaling instruction from ⌊n/16⌋ where there is one; n in [2048, 2063]
    /// gives +∞). Both steps are exact, so every path gives the same bits.
    /// </summary>
    static abstract TVec Pow2Sixteenths(TVec shifted, TVec sixteenths);
}
