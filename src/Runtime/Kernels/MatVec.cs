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
        // Four vectors at a time: four independent chains hide the multiply-add latency.
        for (; j + 4 * width <= columns; j += 4 * width)
        {
            TVec y0 = hasBias ? TIsa.Load(ref bias, j) : TIsa.Zero;
            TVec y1 = hasBias ? TIsa.Load(ref bias, j + width) : TIsa.Zero;
            TVec y2 = hasBias ? TIsa.Load(ref bias, j + 2 * width) : TIsa.Zero;
            TVec y3 = hasBias ? TIsa.Load(ref bias, j + 3 * width) : TIsa.Zero;
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
            TVec acc = hasBias ? TIsa.Load(ref bias, j) : TIsa.Zero;
            for (nuint p = 0, row = j; p < depth; p++, row += stride)
            {
                acc = TIsa.MultiplyAdd(TIsa.Broadcast(Unsafe.Add(ref x, p)), TIsa.Load(ref w, row), acc);
            }
            TIsa.Store(acc, ref y, j);
        }
    }
}
