using System.Runtime.CompilerServices;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Kernels;

/// <summary>
/// The columns of a batch-of-one product that the second core runs (<see cref="MatVec{TIsa, TVec}.Multiply(ref float, int, ref float, int, ref float, int, ref float, bool, int, bool)"/>):
/// the operands as addresses, which the caller keeps pinned until the half is done.
/// </summary>
internal sealed unsafe class MatVecHalf<TIsa, TVec> : CoreWork
    where TIsa : struct, ISimd<TVec>
    where TVec : struct
{
    /// <summary>The one instance per instruction set: only the holder of <see cref="SecondCore"/> uses it.</summary>
    public static readonly MatVecHalf<TIsa, TVec> Shared = new();

    private float* _x, _w, _y, _bias;
    private int _k, _ldw, _columns, _runLength;
    private bool _hasBias;

    /// <summary>Records the half to run; the addresses must stay valid until <see cref="SecondCore.WaitAndRelease"/>.</summary>
    public void Set(float* x, int k, float* w, int ldw, float* y, int columns, float* bias, bool hasBias, int runLength)
    {
        _x = x;
        _w = w;
        _y = y;
        _bias = bias;
        (_k, _ldw, _columns, _hasBias, _runLength) = (k, ldw, columns, hasBias, runLength);
    }

    public override void Run() => MatVec<TIsa, TVec>.Multiply(
        ref Unsafe.AsRef<float>(_x), _k, ref Unsafe.AsRef<float>(_w), _ldw, ref Unsafe.AsRef<float>(_y), _columns,
        ref Unsafe.AsRef<float>(_bias), _hasBias, _runLength);
}
