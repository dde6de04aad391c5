using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelCompiler.Runtime.Simd;

/// <summary>Vector128 (SSE, AdvSimd or software): 4 floats per vector; fused multiply-add on every platform.</summary>
public readonly struct PortableIsa : ISimd<Vector128<float>>
{
    public static int Width
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector128<float>.Count;
    }

    public static Vector128<float> Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector128<float>.Zero;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref float source, nuint elementOffset) => Vector128.LoadUnsafe(ref source, elementOffset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, ref float destination, nuint elementOffset) => value.StoreUnsafe(ref destination, elementOffset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Divide(Vector128<float> a, Vector128<float> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Min(Vector128<float> a, Vector128<float> b) => Vector128.MinNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Max(Vector128<float> a, Vector128<float> b) => Vector128.MaxNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ClampBits(Vector128<float> value, Vector128<float> low, Vector128<float> high) =>
        Vector128.Min(Vector128.Max(value.AsInt32(), low.AsInt32()), high.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sqrt(Vector128<float> a) => Vector128.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Abs(Vector128<float> a) => Vector128.Abs(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Negate(Vector128<float> a) => -a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> RoundToNearest(Vector128<float> a) => Vector128.Round(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Pow2(Vector128<float> integralExponent)
    {
        Vector128<int> biased = Vector128.ConvertToInt32Native(integralExponent) + Vector128.Create(127);
        return Vector128.ShiftLeft(biased, 23).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> SelectGreaterThan(Vector128<float> a, Vector128<float> b, Vector128<float> ifTrue, Vector128<float> ifFalse)
        => Vector128.ConditionalSelect(Vector128.GreaterThan(a, b), ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> SelectLessThan(Vector128<float> a, Vector128<float> b, Vector128<float> ifTrue, Vector128<float> ifFalse)
        => Vector128.ConditionalSelect(Vector128.LessThan(a, b), ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> CopySign(Vector128<float> magnitude, Vector128<float> sign) => Vector128.CopySign(magnitude, sign);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Pow2Sixteenths(Vector128<float> shifted, Vector128<float> sixteenths)
    {
        // Four table reads by the low 4 bits (a variable 16-entry lookup has no cheap 128-bit form everywhere).
        Vector128<int> bits = shifted.AsInt32();
        ReadOnlySpan<float> table = Simd.Pow2Sixteenths.Table;
        Vector128<float> fraction = Vector128.Create(
            table[bits.GetElement(0) & 15], table[bits.GetElement(1) & 15], table[bits.GetElement(2) & 15], table[bits.GetElement(3) & 15]);
        return fraction * Vector128.ShiftLeft(Vector128.ShiftRightLogical(bits, 4), 23).AsSingle();
    }
}
