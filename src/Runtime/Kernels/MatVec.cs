using System.Runtime.CompilerServices;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Kernels;

/// <summary>
/// y = start + Σ_p x[p]·W[p, ·] for one row: the batch-of-one case of <see cref="MatMul{TIsa, TVec}.Multiply"/>
/// (streaming steps, single-sequence inference), where the product is small and call overhead dominates. The
/// operation order per element is the same fused multiply-add chain over ascending p, so results are
/// bit-identical to <c>MatMul.Multiply</c> on the same row. Unchecked: callers pass padded, in-range operands.
/// </summary>
internal static class MatVec<TIsa, TVec>
    where TIsa : struct, ISimd<TVec>
    where TVec : struct
{
    /// <summary>
    /// y[0..n) = (bias or 0) + Σ_{p &lt; k} x[p]·W[p·ldw + j]; n is a multiple of 16, so of every vector width.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Multiply(ref float x, int k, ref float w, int ldw, ref float y, int n, ref float bias, bool hasBias)
    {
        nuint width = (nuint)TIsa.Width, stride = (nuint)ldw, depth = (nuint)k, columns = (nuint)n;
        nuint j = 0;
        // Many vectors at a time: independent chains cover the multiply-add latency at two per cycle (a batch-of-one
        // product is latency-bound, not bandwidth-bound, while its weights stay in L1/L2). Twelve need AVX-512's
        // 32 registers; the 16-register paths stop at eight.
        if (TIsa.Width >= 16)
        {
            for (; j + 12 * width <= columns; j += 12 * width)
            {
                TVec y0 = Start(ref bias, j, hasBias), y1 = Start(ref bias, j + width, hasBias);
                TVec y2 = Start(ref bias, j + 2 * width, hasBias), y3 = Start(ref bias, j + 3 * width, hasBias);
                TVec y4 = Start(ref bias, j + 4 * width, hasBias), y5 = Start(ref bias, j + 5 * width, hasBias);
                TVec y6 = Start(ref bias, j + 6 * width, hasBias), y7 = Start(ref bias, j + 7 * width, hasBias);
                TVec y8 = Start(ref bias, j + 8 * width, hasBias), y9 = Start(ref bias, j + 9 * width, hasBias);
                TVec y10 = Start(ref bias, j + 10 * width, hasBias), y11 = Start(ref bias, j + 11 * width, hasBias);
                for (nuint p = 0, row = j; p < depth; p++, row += stride)
                {
                    TVec xp = TIsa.Broadcast(Unsafe.Add(ref x, p));
                    y0 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row), y0);
                    y1 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + width), y1);
                    y2 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 2 * width), y2);
                    y3 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 3 * width), y3);
                    y4 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 4 * width), y4);
                    y5 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 5 * width), y5);
                    y6 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 6 * width), y6);
                    y7 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 7 * width), y7);
                    y8 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 8 * width), y8);
                    y9 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 9 * width), y9);
                    y10 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 10 * width), y10);
                    y11 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 11 * width), y11);
                }
                TIsa.Store(y0, ref y, j);
                TIsa.Store(y1, ref y, j + width);
                TIsa.Store(y2, ref y, j + 2 * width);
                TIsa.Store(y3, ref y, j + 3 * width);
                TIsa.Store(y4, ref y, j + 4 * width);
                TIsa.Store(y5, ref y, j + 5 * width);
                TIsa.Store(y6, ref y, j + 6 * width);
                TIsa.Store(y7, ref y, j + 7 * width);
                TIsa.Store(y8, ref y, j + 8 * width);
                TIsa.Store(y9, ref y, j + 9 * width);
                TIsa.Store(y10, ref y, j + 10 * width);
                TIsa.Store(y11, ref y, j + 11 * width);
            }
        }
        for (; j + 8 * width <= columns; j += 8 * width)
        {
            TVec y0 = Start(ref bias, j, hasBias), y1 = Start(ref bias, j + width, hasBias);
            TVec y2 = Start(ref bias, j + 2 * width, hasBias), y3 = Start(ref bias, j + 3 * width, hasBias);
            TVec y4 = Start(ref bias, j + 4 * width, hasBias), y5 = Start(ref bias, j + 5 * width, hasBias);
            TVec y6 = Start(ref bias, j + 6 * width, hasBias), y7 = Start(ref bias, j + 7 * width, hasBias);
            for (nuint p = 0, row = j; p < depth; p++, row += stride)
            {
                TVec xp = TIsa.Broadcast(Unsafe.Add(ref x, p));
                y0 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row), y0);
                y1 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + width), y1);
                y2 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 2 * width), y2);
                y3 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 3 * width), y3);
                y4 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 4 * width), y4);
                y5 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 5 * width), y5);
                y6 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 6 * width), y6);
                y7 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 7 * width), y7);
            }
            TIsa.Store(y0, ref y, j);
            TIsa.Store(y1, ref y, j + width);
            TIsa.Store(y2, ref y, j + 2 * width);
            TIsa.Store(y3, ref y, j + 3 * width);
            TIsa.Store(y4, ref y, j + 4 * width);
            TIsa.Store(y5, ref y, j + 5 * width);
            TIsa.Store(y6, ref y, j + 6 * width);
            TIsa.Store(y7, ref y, j + 7 * width);
        }
        for (; j + 4 * width <= columns; j += 4 * width)
        {
            TVec y0 = Start(ref bias, j, hasBias), y1 = Start(ref bias, j + width, hasBias);
            TVec y2 = Start(ref bias, j + 2 * width, hasBias), y3 = Start(ref bias, j + 3 * width, hasBias);
            for (nuint p = 0, row = j; p < depth; p++, row += stride)
            {
                TVec xp = TIsa.Broadcast(Unsafe.Add(ref x, p));
                y0 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row), y0);
                y1 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + width), y1);
                y2 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 2 * width), y2);
                y3 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 3 * width), y3);
            }
            TIsa.Store(y0, ref y, j);
            TIsa.Store(y1, ref y, j + width);
            TIsa.Store(y2, ref y, j + 2 * width);
            TIsa.Store(y3, ref y, j + 3 * width);
        }
        for (; j < columns; j += width)
        {
            TVec acc = Start(ref bias, j, hasBias);
            for (nuint p = 0, row = j; p < depth; p++, row += stride)
            {
                acc = TIsa.MultiplyAdd(TIsa.Broadcast(Unsafe.Add(ref x, p)), TIsa.Load(ref w, row), acc);
            }
            TIsa.Store(acc, ref y, j);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Start(ref float bias, nuint column, bool hasBias) => hasBias ? TIsa.Load(ref bias, column) : TIsa.Zero;
}
