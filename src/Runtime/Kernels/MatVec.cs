using System;
using System.Runtime.CompilerServices;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Kernels;

/// <summary>
/// y = start + Σ_p x[p]·W[p, ·] for one row: the batch-of-one case of <see cref="MatMul{TIsa, TVec}"/>.Multiply
/// (streaming steps, single-sequence inference), where the product is small and call overhead dominates. The
/// operation order per element is the same (fused multiply-add chains over ascending p, in the same runs), so
/// results are bit-identical to <c>MatMul.Multiply</c> on the same row. Unchecked: callers pass padded, in-range operands.
/// </summary>
internal static class MatVec<TIsa, TVec>
    where TIsa : struct, ISimd<TVec>
    where TVec : struct
{
    /// <summary>
    /// y[0..n) = (bias or 0) + Σ_{p &lt; k} x[p]·W[p·ldw + j], summed in runs of <paramref name="runLength"/> inputs
    /// (<see cref="ProductRuns"/>; a length of at least k is one chain); n is a multiple of 16, so of every vector width.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Multiply(ref float x, int k, ref float w, int ldw, ref float y, int n, ref float bias, bool hasBias, int runLength)
    {
        nuint width = (nuint)TIsa.Width, stride = (nuint)ldw, depth = (nuint)k, columns = (nuint)n;
        nuint j = 0;
        if (runLength < k)
        {
            // A short product in runs: the accumulators and one run's parts both stay in registers, so at most 8 + 8
            // vectors on AVX-512 and 4 + 4 on the 16-register paths.
            nuint run = (nuint)runLength;
            if (TIsa.Width >= 16)
            {
                for (; j + 8 * width <= columns; j += 8 * width) BlockInRuns<TileEight>(ref x, depth, run, ref w, stride, ref y, ref bias, hasBias, j);
            }
            for (; j + 4 * width <= columns; j += 4 * width) BlockInRuns<TileFour>(ref x, depth, run, ref w, stride, ref y, ref bias, hasBias, j);
            for (; j < columns; j += width) BlockInRuns<TileOne>(ref x, depth, run, ref w, stride, ref y, ref bias, hasBias, j);
            return;
        }
        // Many vectors at a time: independent chains cover the multiply-add latency at two per cycle (a batch-of-one
        // product is latency-bound, not bandwidth-bound, while its weights stay in L1/L2). Twelve need AVX-512's
        // 32 registers; the 16-register paths stop at eight.
        if (TIsa.Width >= 16)
        {
            for (; j + 12 * width <= columns; j += 12 * width) Block<TileTwelve>(ref x, depth, ref w, stride, ref y, ref bias, hasBias, j);
        }
        for (; j + 8 * width <= columns; j += 8 * width) Block<TileEight>(ref x, depth, ref w, stride, ref y, ref bias, hasBias, j);
        for (; j + 4 * width <= columns; j += 4 * width) Block<TileFour>(ref x, depth, ref w, stride, ref y, ref bias, hasBias, j);
        for (; j < columns; j += width) Block<TileOne>(ref x, depth, ref w, stride, ref y, ref bias, hasBias, j);
    }

    /// <summary>
    /// Products from this many multiply-adds split their columns between two cores (with <c>Network.Cores = 2</c>):
    /// a single sequence's W_hh·h of an LSTM of 128 (65,536) streams its 256 KB of weights from L2 at every step, and
    /// each core then reads half of them from its own L2. Smaller products finish before the hand-over pays.
    /// </summary>
    public const int SplitMultiplyAdds = 1 << 15;

    /// <summary>
    /// <see cref="Multiply(ref float, int, ref float, int, ref float, int, ref float, bool, int)"/>, with
    /// <paramref name="twoCores"/> a large product's first half of the columns on the second core (when it is free)
    /// and the rest here: every element is still one core's chain in the same order, so the bits are one core's.
    /// </summary>
    public static unsafe void Multiply(ref float x, int k, ref float w, int ldw, ref float y, int n, ref float bias, bool hasBias, int runLength, bool twoCores)
    {
        if (!twoCores || (long)k * n < SplitMultiplyAdds || !SecondCore.TryAcquire())
        {
            Multiply(ref x, k, ref w, ldw, ref y, n, ref bias, hasBias, runLength);
            return;
        }
        // Half the columns, in whole 16-float groups (a vector on every path).
        int split = n / 32 * 16;
        fixed (float* px = &x, pw = &w, py = &y, pb = &bias)
        {
            MatVecHalf<TIsa, TVec> half = MatVecHalf<TIsa, TVec>.Shared;
            half.Set(px, k, pw, ldw, py, split, pb, hasBias, runLength);
            SecondCore.Post(half);
            try
            {
                Multiply(ref x, k, ref Unsafe.Add(ref w, split), ldw, ref Unsafe.Add(ref y, split), n - split,
                    ref hasBias ? ref Unsafe.Add(ref bias, split) : ref bias, hasBias, runLength);
            }
            finally
            {
                SecondCore.WaitAndRelease();
            }
        }
    }

    /// <summary>
    /// Columns [j, j + TCount·width): one accumulator per vector, all in registers across the depth loop. The count
    /// is a type argument, so the JIT folds the guards and drops the unused accumulators.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block<TCount>(ref float x, nuint depth, ref float w, nuint stride, ref float y, ref float bias, bool hasBias, nuint j)
        where TCount : struct, ITileCount
    {
        int count = TCount.Value;
        nuint width = (nuint)TIsa.Width;
        TVec y0 = Start(ref bias, j + 0 * width, hasBias);
        TVec y1 = count > 1 ? Start(ref bias, j + 1 * width, hasBias) : TIsa.Zero;
        TVec y2 = count > 2 ? Start(ref bias, j + 2 * width, hasBias) : TIsa.Zero;
        TVec y3 = count > 3 ? Start(ref bias, j + 3 * width, hasBias) : TIsa.Zero;
        TVec y4 = count > 4 ? Start(ref bias, j + 4 * width, hasBias) : TIsa.Zero;
        TVec y5 = count > 5 ? Start(ref bias, j + 5 * width, hasBias) : TIsa.Zero;
        TVec y6 = count > 6 ? Start(ref bias, j + 6 * width, hasBias) : TIsa.Zero;
        TVec y7 = count > 7 ? Start(ref bias, j + 7 * width, hasBias) : TIsa.Zero;
        TVec y8 = count > 8 ? Start(ref bias, j + 8 * width, hasBias) : TIsa.Zero;
        TVec y9 = count > 9 ? Start(ref bias, j + 9 * width, hasBias) : TIsa.Zero;
        TVec y10 = count > 10 ? Start(ref bias, j + 10 * width, hasBias) : TIsa.Zero;
        TVec y11 = count > 11 ? Start(ref bias, j + 11 * width, hasBias) : TIsa.Zero;
        for (nuint p = 0, row = j; p < depth; p++, row += stride)
        {
            TVec xp = TIsa.Broadcast(Unsafe.Add(ref x, p));
            y0 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 0 * width), y0);
            if (count > 1) y1 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 1 * width), y1);
            if (count > 2) y2 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 2 * width), y2);
            if (count > 3) y3 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 3 * width), y3);
            if (count > 4) y4 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 4 * width), y4);
            if (count > 5) y5 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 5 * width), y5);
            if (count > 6) y6 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 6 * width), y6);
            if (count > 7) y7 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 7 * width), y7);
            if (count > 8) y8 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 8 * width), y8);
            if (count > 9) y9 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 9 * width), y9);
            if (count > 10) y10 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 10 * width), y10);
            if (count > 11) y11 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 11 * width), y11);
        }
        TIsa.Store(y0, ref y, j + 0 * width);
        if (count > 1) TIsa.Store(y1, ref y, j + 1 * width);
        if (count > 2) TIsa.Store(y2, ref y, j + 2 * width);
        if (count > 3) TIsa.Store(y3, ref y, j + 3 * width);
        if (count > 4) TIsa.Store(y4, ref y, j + 4 * width);
        if (count > 5) TIsa.Store(y5, ref y, j + 5 * width);
        if (count > 6) TIsa.Store(y6, ref y, j + 6 * width);
        if (count > 7) TIsa.Store(y7, ref y, j + 7 * width);
        if (count > 8) TIsa.Store(y8, ref y, j + 8 * width);
        if (count > 9) TIsa.Store(y9, ref y, j + 9 * width);
        if (count > 10) TIsa.Store(y10, ref y, j + 10 * width);
        if (count > 11) TIsa.Store(y11, ref y, j + 11 * width);
    }

    /// <summary>
    /// Columns [j, j + TCount·width) of a product in runs: the first run chains from the start value into the
    /// accumulators, every later run chains from zero into parts that are then added to them, in order. Kept apart
    /// from <see cref="Block{TCount}"/>: the parts need a second set of registers, which the one-run kernel (the
    /// batch-of-one sequence products, twelve accumulators on AVX-512) must not be made to reserve.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BlockInRuns<TCount>(ref float x, nuint depth, nuint run, ref float w, nuint stride, ref float y, ref float bias, bool hasBias, nuint j)
        where TCount : struct, ITileCount
    {
        int count = TCount.Value;
        nuint width = (nuint)TIsa.Width;
        TVec y0 = Start(ref bias, j + 0 * width, hasBias);
        TVec y1 = count > 1 ? Start(ref bias, j + 1 * width, hasBias) : TIsa.Zero;
        TVec y2 = count > 2 ? Start(ref bias, j + 2 * width, hasBias) : TIsa.Zero;
        TVec y3 = count > 3 ? Start(ref bias, j + 3 * width, hasBias) : TIsa.Zero;
        TVec y4 = count > 4 ? Start(ref bias, j + 4 * width, hasBias) : TIsa.Zero;
        TVec y5 = count > 5 ? Start(ref bias, j + 5 * width, hasBias) : TIsa.Zero;
        TVec y6 = count > 6 ? Start(ref bias, j + 6 * width, hasBias) : TIsa.Zero;
        TVec y7 = count > 7 ? Start(ref bias, j + 7 * width, hasBias) : TIsa.Zero;
        nuint p = 0, row = j, end = Math.Min(run, depth);
        for (; p < end; p++, row += stride)
        {
            TVec xp = TIsa.Broadcast(Unsafe.Add(ref x, p));
            y0 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 0 * width), y0);
            if (count > 1) y1 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 1 * width), y1);
            if (count > 2) y2 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 2 * width), y2);
            if (count > 3) y3 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 3 * width), y3);
            if (count > 4) y4 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 4 * width), y4);
            if (count > 5) y5 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 5 * width), y5);
            if (count > 6) y6 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 6 * width), y6);
            if (count > 7) y7 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 7 * width), y7);
        }
        while (p < depth)
        {
            end = Math.Min(p + run, depth);
            TVec q0 = TIsa.Zero, q1 = TIsa.Zero, q2 = TIsa.Zero, q3 = TIsa.Zero, q4 = TIsa.Zero, q5 = TIsa.Zero, q6 = TIsa.Zero, q7 = TIsa.Zero;
            for (; p < end; p++, row += stride)
            {
                TVec xp = TIsa.Broadcast(Unsafe.Add(ref x, p));
                q0 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 0 * width), q0);
                if (count > 1) q1 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 1 * width), q1);
                if (count > 2) q2 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 2 * width), q2);
                if (count > 3) q3 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 3 * width), q3);
                if (count > 4) q4 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 4 * width), q4);
                if (count > 5) q5 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 5 * width), q5);
                if (count > 6) q6 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 6 * width), q6);
                if (count > 7) q7 = TIsa.MultiplyAdd(xp, TIsa.Load(ref w, row + 7 * width), q7);
            }
            y0 = TIsa.Add(y0, q0);
            if (count > 1) y1 = TIsa.Add(y1, q1);
            if (count > 2) y2 = TIsa.Add(y2, q2);
            if (count > 3) y3 = TIsa.Add(y3, q3);
            if (count > 4) y4 = TIsa.Add(y4, q4);
            if (count > 5) y5 = TIsa.Add(y5, q5);
            if (count > 6) y6 = TIsa.Add(y6, q6);
            if (count > 7) y7 = TIsa.Add(y7, q7);
        }
        TIsa.Store(y0, ref y, j + 0 * width);
        if (count > 1) TIsa.Store(y1, ref y, j + 1 * width);
        if (count > 2) TIsa.Store(y2, ref y, j + 2 * width);
        if (count > 3) TIsa.Store(y3, ref y, j + 3 * width);
        if (count > 4) TIsa.Store(y4, ref y, j + 4 * width);
        if (count > 5) TIsa.Store(y5, ref y, j + 5 * width);
        if (count > 6) TIsa.Store(y6, ref y, j + 6 * width);
        if (count > 7) TIsa.Store(y7, ref y, j + 7 * width);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Start(ref float bias, nuint column, bool hasBias) => hasBias ? TIsa.Load(ref bias, column) : TIsa.Zero;
}
