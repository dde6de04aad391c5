using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ModelCompiler.Runtime.Kernels;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Streaming;

/// <summary>
/// The vocabulary of generated streaming kernels: a generated kernel class for one instruction set derives from
/// this class, so its cell code reads <c>Sigmoid(Add(xg0, rh0))</c> (the products call the vector intrinsics
/// directly). Every member forwards to <typeparamref name="TIsa"/>, <see cref="VectorMath{TIsa, TVec}"/> or the
/// engine's softmax, exactly the operations the engine's kernels use, so a compiled step and the engine give the
/// same bits.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class StreamKernelMath<TIsa, TVec>
    where TIsa : struct, ISimd<TVec>
    where TVec : struct
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static float At(ref float source, nuint index) => Unsafe.Add(ref source, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static void SetAt(ref float destination, nuint index, float value) => Unsafe.Add(ref destination, index) = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static TVec Load(ref float source, nuint offset) => TIsa.Load(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static void Store(TVec value, ref float destination, nuint offset) => TIsa.Store(value, ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static TVec Add(TVec a, TVec b) => TIsa.Add(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static TVec Subtract(TVec a, TVec b) => TIsa.Subtract(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static TVec Multiply(TVec a, TVec b) => TIsa.Multiply(a, b);

    /// <summary>a·b + c with one rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static TVec MultiplyAdd(TVec a, TVec b, TVec c) => TIsa.MultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static TVec Sigmoid(TVec x) => VectorMath<TIsa, TVec>.Sigmoid(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static TVec Tanh(TVec x) => VectorMath<TIsa, TVec>.Tanh(x);

    /// <summary>tanh(x)·σ(y) with one division: an LSTM's h = o·tanh(c), the engine's formula.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static TVec TanhTimesSigmoid(TVec x, TVec y) => VectorMath<TIsa, TVec>.TanhTimesSigmoid(x, y);

    /// <summary>An LSTM's c' = σ(f)·c + σ(i)·tanh(g) from the gate pre-activations with one division, the engine's formula.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static TVec LstmCellState(TVec preI, TVec preF, TVec preG, TVec c) => VectorMath<TIsa, TVec>.LstmCellState(preI, preF, preG, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static TVec Relu(TVec x) => VectorMath<TIsa, TVec>.Relu(x);

    /// <summary>The engine's softmax over the first <paramref name="width"/> floats of a padded row (padding set to 0).</summary>
    protected static void Softmax(ref float row, int padded, int width) =>
        Layers.Softmax.Rows(MemoryMarshal.CreateSpan(ref row, padded), 1, padded, width);
}
