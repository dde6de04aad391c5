using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelCompiler.Runtime.Simd;

/// <summary>AVX2 + FMA: 8 floats per vector.</summary>
public readonly struct Avx2Isa : ISimd<Vector256<float>>
{
    public static int Width
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256<float>.Count;
    }

    public static Vector256<float> Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256<float>.Zero;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref float source, nuint elementOffset) => Vector256.LoadUnsafe(ref source, elementOffset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float destination, nuint elementOffset) => value.StoreUnsafe(ref destination, elementOffset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Min(Vector256<float> a, Vector256<float> b) => Vector256.MinNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) => Vector256.MaxNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ClampBits(Vector256<float> value, Vector256<float> low, Vector256<float> high) =>
        Vector256.Min(Vector256.Max(value.AsInt32(), low.AsInt32()), high.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sqrt(Vector256<float> a) => Vector256.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Abs(Vector256<float> a) => Vector256.Abs(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Negate(Vector256<float> a) => -a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> RoundToNearest(Vector256<float> a) => Vector256.Round(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Pow2(Vector256<float> integralExponent)
    {
        Vector256<int> biased = Vector256.ConvertToInt32Native(integralExponent) + Vector256.Create(127);
        return Vector256.ShiftLeft(biased, 23).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SelectGreaterThan(Vector256<float> a, Vector256<float> b, Vector256<float> ifTrue, Vector256<float> ifFalse)
        => Vector256.ConditionalSelect(Vector256.GreaterThan(a, b), ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SelectLessThan(Vector256<float> a, Vector256<float> b, Vector256<float> ifTrue, Vector256<float> ifFalse)
        => Vector256.ConditionalSelect(Vector256.LessThan(a, b), ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> CopySign(Vector256<float> magnitude, Vector256<float> sign) => Vector256.CopySign(magnitude, sign);

    // 2^(j/16) in two registers: each permutation reads the low 3 bits of the index, bit 3 picks the register.
    private static readonly Vector256<float> s_pow2SixteenthsLow = Vector256.Create(Simd.Pow2Sixteenths.Table[..8]);
    private static readonly Vector256<float> s_pow2SixteenthsHigh = Vector256.Create(Simd.Pow2Sixteenths.Table[8..]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Pow2Sixteenths(Vector256<float> shifted, Vector256<float> sixteenths)
    {
        Vector256<int> bits = shifted.AsInt32();
        Vector256<float> low = Avx2.PermuteVar8x32(s_pow2SixteenthsLow, bits), high = Avx2.PermuteVar8x32(s_pow2SixteenthsHigh, bits);
        Vector256<float> fraction = Avx.BlendVariable(low, high, Vector256.ShiftLeft(bits, 28).AsSingle()); // bit 3 into the sign
        return fraction * Vector256.ShiftLeft(Vector256.ShiftRightLogical(bits, 4), 23).AsSingle();
    }
}
