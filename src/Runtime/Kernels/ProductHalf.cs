using System.Runtime.CompilerServices;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Kernels;

/// <summary>
/// The part of a product that the second core runs: the operands of <see cref="TileOperands"/> as addresses (the
/// caller keeps them pinned until the half is done), the output size and the run length.
/// </summary>
internal abstract unsafe class ProductHalf : CoreWork
{
    private float* _a, _b, _c, _bias;
    private nuint _aRowStride, _aDepthStride, _ldb, _ldc, _depth;
    private AccumulatorStart _start;

    protected int Rows { get; private set; }
    protected int Columns { get; private set; }
    protected int RunLength { get; private set; }

    /// <summary>Records the half to run; the addresses must stay valid until <see cref="SecondCore.WaitAndRelease"/>.</summary>
    public void Set(in TileOperands op, float* a, float* b, float* c, float* bias, int rows, int columns, int runLength)
    {
        _a = a;
        _b = b;
        _c = c;
        _bias = bias;
        (_aRowStride, _aDepthStride, _ldb, _ldc, _depth, _start) = (op.ARowStride, op.ADepthStride, op.Ldb, op.Ldc, op.Depth, op.Start);
        (Rows, Columns, RunLength) = (rows, columns, runLength);
    }

    /// <summary>The recorded operands again.</summary>
    protected TileOperands Operands() => new(
        ref Unsafe.AsRef<float>(_a), _aRowStride, _aDepthStride, ref Unsafe.AsRef<float>(_b), _ldb,
        ref Unsafe.AsRef<float>(_c), _ldc, ref Unsafe.AsRef<float>(_bias), _start, _depth);
}

/// <summary>A half of a product on one instruction set.</summary>
internal sealed class ProductHalf<TIsa, TVec> : ProductHalf
    where TIsa : struct, ISimd<TVec>
    where TVec : struct
{
    /// <summary>The one instance per instruction set: only the holder of <see cref="SecondCore"/> uses it.</summary>
    public static readonly ProductHalf<TIsa, TVec> Shared = new();

    public override void Run() => MatMul<TIsa, TVec>.RunAll(Operands(), Rows, Columns, RunLength);
}
