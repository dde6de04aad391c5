using System.Runtime.CompilerServices;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Kernels;

/// <summary>
/// One register tile of a product: <c>TRows</c> output rows × <c>TVecs</c> vectors
/// of columns, all accumulators live in registers across the whole depth loop. Every output element is still
/// start + A(i,0)·B(0,j) + A(i,1)·B(1,j) + … as one fused multiply-add chain in ascending depth, so the tile
/// shape (which differs per ISA) never changes the result bits.
/// </summary>
internal static class MatMulTile<TIsa, TVec>
    where TIsa : struct, ISimd<TVec>
    where TVec : struct
{
    public static void Run<TRows, TVecs>(in TileOperands op, nuint row0, nuint col0)
        where TRows : struct, ITileCount
        where TVecs : struct, ITileCount
    {
        int rows = TRows.Value, vecs = TVecs.Value;
        nuint w = (nuint)TIsa.Width;
        ref float a = ref op.A;
        ref float b = ref op.B;
        nuint aRow = op.ARowStride, aStep = op.ADepthStride, ldb = op.Ldb, ldc = op.Ldc, depth = op.Depth;
        nuint a0 = row0 * aRow, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
        nuint c0 = row0 * ldc + col0, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;

        TVec c00 = Start(op, c0, col0);
        TVec c01 = vecs > 1 ? Start(op, c0 + w, col0 + w) : TIsa.Zero;
        TVec c02 = vecs > 2 ? Start(op, c0 + 2 * w, col0 + 2 * w) : TIsa.Zero;
        TVec c03 = vecs > 3 ? Start(op, c0 + 3 * w, col0 + 3 * w) : TIsa.Zero;
        TVec c10 = rows > 1 ? Start(op, c1, col0) : TIsa.Zero;
        TVec c11 = rows > 1 && vecs > 1 ? Start(op, c1 + w, col0 + w) : TIsa.Zero;
        TVec c12 = rows > 1 && vecs > 2 ? Start(op, c1 + 2 * w, col0 + 2 * w) : TIsa.Zero;
        TVec c13 = rows > 1 && vecs > 3 ? Start(op, c1 + 3 * w, col0 + 3 * w) : TIsa.Zero;
        TVec c20 = rows > 2 ? Start(op, c2, col0) : TIsa.Zero;
        TVec c21 = rows > 2 && vecs > 1 ? Start(op, c2 + w, col0 + w) : TIsa.Zero;
        TVec c22 = rows > 2 && vecs > 2 ? Start(op, c2 + 2 * w, col0 + 2 * w) : TIsa.Zero;
        TVec c23 = rows > 2 && vecs > 3 ? Start(op, c2 + 3 * w, col0 + 3 * w) : TIsa.Zero;
        TVec c30 = rows > 3 ? Start(op, c3, col0) : TIsa.Zero;
        TVec c31 = rows > 3 && vecs > 1 ? Start(op, c3 + w, col0 + w) : TIsa.Zero;
        TVec c32 = rows > 3 && vecs > 2 ? Start(op, c3 + 2 * w, col0 + 2 * w) : TIsa.Zero;
        TVec c33 = rows > 3 && vecs > 3 ? Start(op, c3 + 3 * w, col0 + 3 * w) : TIsa.Zero;

        // Offsets advance by addition (no multiply per step): the loop body is mostly loads and FMAs, which matters on
        // the 256-bit path, where 12 FMAs per step leave little room for address arithmetic in the front end.
        nuint bp = col0, ap = 0;
        for (nuint p = 0; p < depth; p++, bp += ldb, ap += aStep)
        {
            TVec b0 = TIsa.Load(ref b, bp);
            TVec b1 = vecs > 1 ? TIsa.Load(ref b, bp + w) : TIsa.Zero;
            TVec b2 = vecs > 2 ? TIsa.Load(ref b, bp + 2 * w) : TIsa.Zero;
            TVec b3 = vecs > 3 ? TIsa.Load(ref b, bp + 3 * w) : TIsa.Zero;

            TVec x = TIsa.Broadcast(Unsafe.Add(ref a, a0 + ap));
            c00 = TIsa.MultiplyAdd(x, b0, c00);
            if (vecs > 1) c01 = TIsa.MultiplyAdd(x, b1, c01);
            if (vecs > 2) c02 = TIsa.MultiplyAdd(x, b2, c02);
            if (vecs > 3) c03 = TIsa.MultiplyAdd(x, b3, c03);
            if (rows > 1)
            {
                x = TIsa.Broadcast(Unsafe.Add(ref a, a1 + ap));
                c10 = TIsa.MultiplyAdd(x, b0, c10);
                if (vecs > 1) c11 = TIsa.MultiplyAdd(x, b1, c11);
                if (vecs > 2) c12 = TIsa.MultiplyAdd(x, b2, c12);
                if (vecs > 3) c13 = TIsa.MultiplyAdd(x, b3, c13);
            }
            if (rows > 2)
            {
                x = TIsa.Broadcast(Unsafe.Add(ref a, a2 + ap));
                c20 = TIsa.MultiplyAdd(x, b0, c20);
                if (vecs > 1) c21 = TIsa.MultiplyAdd(x, b1, c21);
                if (vecs > 2) c22 = TIsa.MultiplyAdd(x, b2, c22);
                if (vecs > 3) c23 = TIsa.MultiplyAdd(x, b3, c23);
            }
            if (rows > 3)
            {
                x = TIsa.Broadcast(Unsafe.Add(ref a, a3 + ap));
                c30 = TIsa.MultiplyAdd(x, b0, c30);
                if (vecs > 1) c31 = TIsa.MultiplyAdd(x, b1, c31);
                if (vecs > 2) c32 = TIsa.MultiplyAdd(x, b2, c32);
                if (vecs > 3) c33 = TIsa.MultiplyAdd(x, b3, c33);
            }
        }

        ref float c = ref op.C;
        bool add = op.Start == AccumulatorStart.AddToOutput;
        StoreRow(c00, c01, c02, c03, vecs, add, ref c, c0, w);
        if (rows > 1) StoreRow(c10, c11, c12, c13, vecs, add, ref c, c1, w);
        if (rows > 2) StoreRow(c20, c21, c22, c23, vecs, add, ref c, c2, w);
        if (rows > 3) StoreRow(c30, c31, c32, c33, vecs, add, ref c, c3, w);
    }

    /// <summary>The value an accumulator starts from: 0 (also for a run added to C), the bias for column <paramref name="column"/>, or C itself.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Start(in TileOperands op, nuint outputOffset, nuint column) => op.Start switch
    {
        AccumulatorStart.Output => TIsa.Load(ref op.C, outputOffset),
        AccumulatorStart.Bias => TIsa.Load(ref op.Bias, column),
        _ => TIsa.Zero,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(TVec v0, TVec v1, TVec v2, TVec v3, int vecs, bool add, ref float c, nuint offset, nuint w)
    {
        if (add)
        {
            v0 = TIsa.Add(TIsa.Load(ref c, offset), v0);
            if (vecs > 1) v1 = TIsa.Add(TIsa.Load(ref c, offset + w), v1);
            if (vecs > 2) v2 = TIsa.Add(TIsa.Load(ref c, offset + 2 * w), v2);
            if (vecs > 3) v3 = TIsa.Add(TIsa.Load(ref c, offset + 3 * w), v3);
        }
        TIsa.Store(v0, ref c, offset);
        if (vecs > 1) TIsa.Store(v1, ref c, offset + w);
        if (vecs > 2) TIsa.Store(v2, ref c, offset + 2 * w);
        if (vecs > 3) TIsa.Store(v3, ref c, offset + 3 * w);
    }
}
