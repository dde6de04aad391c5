using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Kernels;

/// <summary>
/// Dense products on row-major float matrices, written once for every ISA. Each output element is accumulated
/// per lane in one fixed order (a fused multiply-add chain over the depth, ascending), never by a horizontal sum,
/// so AVX-512, AVX2 and portable give the same bits. Column counts are multiples of 16 (callers pad); buffers
/// should be 64-byte aligned for speed.
/// </summary>
public static class MatMul<TIsa, TVec>
    where TIsa : struct, ISimd<TVec>
    where TVec : struct
{
    /// <summary>
    /// Register tile: 4 rows × 4 vectors = 16 accumulators of AVX-512's 32 registers; 4 rows × 3 vectors = 12 on the
    /// 256- and 128-bit paths, whose 16 registers must also hold the B vectors and a broadcast (4 × 4 would spill).
    /// </summary>
    private static int TileVectors => TIsa.Width >= 16 ? 4 : 3;

    /// <summary>Rows per register tile.</summary>
    private const int TileRows = 4;

    /// <summary>
    /// C[i, j] = start + Σ_{p &lt; k} A[i, p]·B[p, j] for i &lt; m, j &lt; n, where start is C[i, j] when
    /// <paramref name="accumulate"/>, else <paramref name="bias"/>[j] when the bias is not empty, else 0.
    /// A is [m][lda] (columns ≥ k unread), B is [k][ldb], C is [m][ldc]; n is a multiple of 16.
    /// </summary>
    public static void Multiply(
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc,
        int m, int k, int n, ReadOnlySpan<float> bias, bool accumulate) =>
        Multiply(a, lda, b, ldb, c, ldc, m, k, n, bias, accumulate, runLength: Math.Max(k, 1));

    /// <summary>
    /// The same product summed in runs of <paramref name="runLength"/> inputs (see <see cref="ProductRuns"/>): the
    /// first run from the start value, every later run from 0 and then added to C, in order. A run length of at
    /// least k is the plain product. With <paramref name="twoCores"/> a large product shares its output with the
    /// second core (<see cref="SecondCore"/>): each element is still computed whole, in the same order, by one core.
    /// </summary>
    public static void Multiply(
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc,
        int m, int k, int n, ReadOnlySpan<float> bias, bool accumulate, int runLength, bool twoCores = false)
    {
        const string method = "MatMul.Multiply";
        if (runLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(runLength), $"{method}: runLength must be at least 1, got {runLength}.");
        }
        MatMulArguments.RequireNonNegative(method, m, nameof(m));
        MatMulArguments.RequireNonNegative(method, k, nameof(k));
        MatMulArguments.RequireNonNegative(method, n, nameof(n));
        MatMulArguments.RequireColumnMultiple(method, n);
        MatMulArguments.RequireStride(method, nameof(lda), lda, nameof(k), k);
        MatMulArguments.RequireStride(method, nameof(ldb), ldb, nameof(n), n);
        MatMulArguments.RequireStride(method, nameof(ldc), ldc, nameof(n), n);
        MatMulArguments.RequireMatrix(method, nameof(a), a.Length, m, lda, k);
        MatMulArguments.RequireMatrix(method, nameof(b), b.Length, k, ldb, n);
        MatMulArguments.RequireMatrix(method, nameof(c), c.Length, m, ldc, n);
        AccumulatorStart start = accumulate ? AccumulatorStart.Output : bias.IsEmpty ? AccumulatorStart.Zero : AccumulatorStart.Bias;
        if (start == AccumulatorStart.Bias) MatMulArguments.RequireVector(method, nameof(bias), bias.Length, n);

        var op = new TileOperands(
            ref MemoryMarshal.GetReference(a), (nuint)lda, 1, ref MemoryMarshal.GetReference(b), (nuint)ldb,
            ref MemoryMarshal.GetReference(c), (nuint)ldc, ref MemoryMarshal.GetReference(bias), start, (nuint)k);
        Execute(op, m, n, runLength, twoCores);
    }

    /// <summary>
    /// C[i, j] = start + Σ_{r &lt; rows} A[r, i]·B[r, j] for i &lt; m, j &lt; n (start = C[i, j] when
    /// <paramref name="accumulate"/>, else 0): Aᵀ·B without transposing A, as in weight gradients dW = dYᵀ·X.
    /// A is [rows][lda] (columns ≥ m unread), B is [rows][ldb], C is [m][ldc]; n is a multiple of 16.
    /// </summary>
    public static void MultiplyTransposedA(
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc,
        int rows, int m, int n, bool accumulate, bool twoCores = false)
    {
        TileOperands op = TransposedOperands("MatMul.MultiplyTransposedA", a, lda, b, ldb, c, ldc, rows, m, n, accumulate);
        Execute(op, m, n, Math.Max(rows, 1), twoCores);
    }

    /// <summary>
    /// Two products of <see cref="MultiplyTransposedA"/> (from zero), C₁ = A₁ᵀ·B₁ and C₂ = A₂ᵀ·B₂, as a layer's two weight
    /// gradients: with <paramref name="twoCores"/> the second core runs all of the first and the first rows of the second,
    /// so that each core gets half of the multiply-adds, and this core the rest of the second. Each product splitting
    /// its own output instead left dW_ih (32 × 512 over 1,792 rows) at 0.40 ms on two cores against 0.44 on one: both
    /// cores streamed all of its B from L3. Every element is computed whole by one core in the same order, so the bits
    /// are those of the two products one after the other (which is what runs when the split does not pay).
    /// </summary>
    internal static unsafe void MultiplyTransposedAPair(
        ReadOnlySpan<float> a1, int lda1, ReadOnlySpan<float> b1, int ldb1, Span<float> c1, int ldc1, int rows1, int m1, int n1,
        ReadOnlySpan<float> a2, int lda2, ReadOnlySpan<float> b2, int ldb2, Span<float> c2, int ldc2, int rows2, int m2, int n2,
        bool twoCores)
    {
        const string method = "MatMul.MultiplyTransposedAPair";
        TileOperands first = TransposedOperands(method, a1, lda1, b1, ldb1, c1, ldc1, rows1, m1, n1, accumulate: false);
        TileOperands second = TransposedOperands(method, a2, lda2, b2, ldb2, c2, ldc2, rows2, m2, n2, accumulate: false);
        long firstWork = (long)m1 * n1 * rows1, secondWork = (long)m2 * n2 * rows2, secondRowWork = (long)n2 * rows2;
        int split = secondRowWork == 0 ? 0 : (int)((secondWork - firstWork) / (2 * secondRowWork)) / TileRows * TileRows;
        if (!twoCores || firstWork + secondWork < 2 * SplitMultiplyAdds || split <= 0 || split >= m2 || !SecondCore.TryAcquire())
        {
            Execute(first, m1, n1, Math.Max(rows1, 1), twoCores);
            Execute(second, m2, n2, Math.Max(rows2, 1), twoCores);
            return;
        }
        fixed (float* pa1 = a1, pb1 = b1, pc1 = c1, pa2 = a2, pb2 = b2, pc2 = c2)
        {
            ProductPair<TIsa, TVec> pair = ProductPair<TIsa, TVec>.Shared;
            pair.First.Set(first, pa1, pb1, pc1, bias: pa1, m1, n1, Math.Max(rows1, 1));
            pair.Second.Set(second, pa2, pb2, pc2, bias: pa2, split, n2, Math.Max(rows2, 1));
            SecondCore.Post(pair);
            try
            {
                RunAll(second.FromRow((nuint)split), m2 - split, n2, Math.Max(rows2, 1));
            }
            finally
            {
                SecondCore.WaitAndRelease();
            }
        }
    }

    /// <summary>The operands of Aᵀ·B after checking every size, stride and span (see <see cref="MultiplyTransposedA"/>).</summary>
    private static TileOperands TransposedOperands(
        string method, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc,
        int rows, int m, int n, bool accumulate)
    {
        MatMulArguments.RequireNonNegative(method, rows, nameof(rows));
        MatMulArguments.RequireNonNegative(method, m, nameof(m));
        MatMulArguments.RequireNonNegative(method, n, nameof(n));
        MatMulArguments.RequireColumnMultiple(method, n);
        MatMulArguments.RequireStride(method, nameof(lda), lda, nameof(m), m);
        MatMulArguments.RequireStride(method, nameof(ldb), ldb, nameof(n), n);
        MatMulArguments.RequireStride(method, nameof(ldc), ldc, nameof(n), n);
        MatMulArguments.RequireMatrix(method, nameof(a), a.Length, rows, lda, m);
        MatMulArguments.RequireMatrix(method, nameof(b), b.Length, rows, ldb, n);
        MatMulArguments.RequireMatrix(method, nameof(c), c.Length, m, ldc, n);
        AccumulatorStart start = accumulate ? AccumulatorStart.Output : AccumulatorStart.Zero;
        ref float a0 = ref MemoryMarshal.GetReference(a);
        return new TileOperands(
            ref a0, 1, (nuint)lda, ref MemoryMarshal.GetReference(b), (nuint)ldb,
            ref MemoryMarshal.GetReference(c), (nuint)ldc, bias: ref a0 /* never read: no bias */, start, (nuint)rows);
    }

    /// <summary>
    /// sums[j] = start + A[0, j] + A[1, j] + … + A[rows − 1, j] (plain adds, rows ascending) for j &lt; n, with
    /// start = sums[j] when <paramref name="accumulate"/>, else 0: bias gradients. A is [rows][lda].
    /// </summary>
    public static void SumRows(ReadOnlySpan<float> a, int lda, Span<float> sums, int rows, int n, bool accumulate)
    {
        const string method = "MatMul.SumRows";
        MatMulArguments.RequireNonNegative(method, rows, nameof(rows));
        MatMulArguments.RequireNonNegative(method, n, nameof(n));
        MatMulArguments.RequireColumnMultiple(method, n);
        MatMulArguments.RequireStride(method, nameof(lda), lda, nameof(n), n);
        MatMulArguments.RequireMatrix(method, nameof(a), a.Length, rows, lda, n);
        MatMulArguments.RequireVector(method, nameof(sums), sums.Length, n);

        ref float source = ref MemoryMarshal.GetReference(a);
        ref float destination = ref MemoryMarshal.GetReference(sums);
        nuint w = (nuint)TIsa.Width, stride = (nuint)lda, count = (nuint)rows, columns = (nuint)n;
        nuint j = 0;
        // Four independent chains at a time hide the add latency; each column is still one ascending chain.
        for (; j + 4 * w <= columns; j += 4 * w)
        {
            TVec s0 = accumulate ? TIsa.Load(ref destination, j) : TIsa.Zero;
            TVec s1 = accumulate ? TIsa.Load(ref destination, j + w) : TIsa.Zero;
            TVec s2 = accumulate ? TIsa.Load(ref destination, j + 2 * w) : TIsa.Zero;
            TVec s3 = accumulate ? TIsa.Load(ref destination, j + 3 * w) : TIsa.Zero;
            for (nuint r = 0, offset = j; r < count; r++, offset += stride)
            {
                s0 = TIsa.Add(s0, TIsa.Load(ref source, offset));
                s1 = TIsa.Add(s1, TIsa.Load(ref source, offset + w));
                s2 = TIsa.Add(s2, TIsa.Load(ref source, offset + 2 * w));
                s3 = TIsa.Add(s3, TIsa.Load(ref source, offset + 3 * w));
            }
            TIsa.Store(s0, ref destination, j);
            TIsa.Store(s1, ref destination, j + w);
            TIsa.Store(s2, ref destination, j + 2 * w);
            TIsa.Store(s3, ref destination, j + 3 * w);
        }
        for (; j < columns; j += w)
        {
            TVec s = accumulate ? TIsa.Load(ref destination, j) : TIsa.Zero;
            for (nuint r = 0, offset = j; r < count; r++, offset += stride) s = TIsa.Add(s, TIsa.Load(ref source, offset));
            TIsa.Store(s, ref destination, j);
        }
    }

    /// <summary>
    /// Depth per pass: a column panel of B (four vectors wide) over this depth is 16 KB, so it stays in L1 while
    /// every row tile passes over it. Without the split a deep panel (a weight gradient summed over thousands of
    /// rows) falls out of L2 and is streamed again for every row tile.
    /// </summary>
    private static nuint DepthBlock => (nuint)(16384 / (sizeof(float) * TileVectors * TIsa.Width));

    /// <summary>
    /// Products up to this depth (a step's products over the hidden state or the gates, not the weight gradients over
    /// every row) take passes twice as deep where L1 holds 48 KB or more: a 32 KB panel still fits beside the rows of
    /// A, and C is loaded and stored half as often (train-rows' and train-gru256's forward and dL/dh products 0–7%
    /// faster, ~3% on average; weight gradients, which stream their operands from L3, were slower so).
    /// </summary>
    private const int MaxDepthForDoublePasses = 1024;

    private static readonly bool s_doublePasses = L1DataCache.Bytes >= 48 * 1024;

    /// <summary>The depth of one pass over a product of <paramref name="depth"/>.</summary>
    private static nuint PassDepth(nuint depth) =>
        s_doublePasses && depth <= MaxDepthForDoublePasses ? 2 * DepthBlock : DepthBlock;

    /// <summary>Multiply-adds below which a product is not worth splitting between cores (about 3 µs of work).</summary>
    private const long SplitMultiplyAdds = 1 << 19;

    /// <summary>
    /// Runs the product here, or (<paramref name="twoCores"/>, a large product, the second core free) the first half
    /// of its row tiles (or of its column panels, for fewer than two row tiles) on the second core and the rest here.
    /// Rows first: a training step's products and cell updates then split the batch the same way, so each core
    /// keeps working on the sequences whose rows it just wrote (measured 13% faster than columns first).
    /// </summary>
    private static unsafe void Execute(in TileOperands op, int m, int n, int runLength, bool twoCores)
    {
        int panel = TileVectors * TIsa.Width;
        bool byColumns = n >= 2 * panel, byRows = m >= 2 * TileRows;
        if (!twoCores || (long)m * n * (long)op.Depth < SplitMultiplyAdds || !(byColumns || byRows) || !SecondCore.TryAcquire())
        {
            RunAll(op, m, n, runLength);
            return;
        }
        fixed (float* a = &op.A, b = &op.B, c = &op.C, bias = &op.Bias)
        {
            ProductHalf<TIsa, TVec> half = ProductHalf<TIsa, TVec>.Shared;
            TileOperands rest;
            int restRows = m, restColumns = n;
            if (byRows)
            {
                int split = (m / 2 + TileRows / 2) / TileRows * TileRows;
                half.Set(op, a, b, c, bias, split, n, runLength);
                rest = op.FromRow((nuint)split);
                restRows = m - split;
            }
            else
            {
                int split = (n / 2 + panel / 2) / panel * panel;
                half.Set(op, a, b, c, bias, m, split, runLength);
                rest = op.FromColumn((nuint)split);
                restColumns = n - split;
            }
            SecondCore.Post(half);
            try
            {
                RunAll(rest, restRows, restColumns, runLength);
            }
            finally
            {
                SecondCore.WaitAndRelease();
            }
        }
    }

    /// <summary>The whole product on this core: one run in depth passes, or its runs (<see cref="ProductRuns"/>) in order.</summary>
    internal static void RunAll(in TileOperands op, int m, int n, int runLength)
    {
        nuint depth = op.Depth;
        if ((nuint)runLength >= depth)
        {
            Run(op, m, n);
            return;
        }
        // Each run is one pass (runs are short: ProductRuns), so C holds the running total between them.
        nuint length = (nuint)runLength;
        RunPanels(op.Slice(0, length, op.Start), m, n);
        for (nuint first = length; first < depth; first += length)
        {
            RunPanels(op.Slice(first, Math.Min(length, depth - first), AccumulatorStart.AddToOutput), m, n);
        }
    }

    /// <summary>Runs the product in depth passes of <see cref="PassDepth"/> (at least one, for depth 0).</summary>
    private static void Run(in TileOperands op, int m, int n)
    {
        nuint block = PassDepth(op.Depth);
        for (nuint first = 0; first == 0 || first < op.Depth; first += block)
        {
            RunPanels(op.DepthSlice(first, Math.Min(block, op.Depth - first)), m, n);
        }
    }

    /// <summary>
    /// Walks the output in column panels of up to four vectors (the panel of B stays in L1 while every row tile
    /// passes over it) and, inside a panel, in row tiles of <see cref="TileRows"/>.
    /// </summary>
    private static void RunPanels(in TileOperands op, int m, int n)
    {
        if (PacksPanels(op, m))
        {
            RunPackedPanels(op, m, n);
            return;
        }
        int w = TIsa.Width, tileVectors = TileVectors;
        for (int j0 = 0; j0 < n; j0 += tileVectors * w)
        {
            int vectors = Math.Min(tileVectors, (n - j0) / w);
            for (int i0 = 0; i0 < m; i0 += TileRows) RunTile(op, Math.Min(TileRows, m - i0), vectors, (nuint)i0, (nuint)j0);
        }
    }

    /// <summary>Floats in a packed panel of B: the deepest pass (<see cref="PassDepth"/>) of the widest panel, 32 KB.</summary>
    private const int PackedPanelFloats = 8192;

    /// <summary>
    /// Output rows from which a packed panel is worth its copy: 64 row tiles pass over it (a step's dL/dh product, 64
    /// rows, ran 5–10% slower on AVX2 with its panels copied).
    /// </summary>
    private const int MinRowsToPackPanels = 256;

    /// <summary>
    /// Whether each panel of B is copied into a contiguous buffer before the row tiles pass over it: when B's rows are
    /// a multiple of several 64-byte lines apart (a weight gradient's B is a layer's output, not a padded weight), the
    /// lines of a panel fall into a fraction of L1's 64 sets; once more rows share a set than a 32 KB L1 has ways (8),
    /// they evict each other and come from L2 again for every row tile. Measured in isolation: train-gru256's dW_hh
    /// (768 × 256 over 3,200 rows, B rows 1 KB apart) 136 → 151 GFLOP/s on AVX-512 and 68–71 → 75–77 on AVX2, whose
    /// passes are deeper (170 rows); train-rows' dW_hh (B rows 512 B apart) 71–75 → 79–85 on AVX2 and unchanged on
    /// AVX-512 (64-row passes: 8 rows per set), so that one is not copied. Products with fewer output rows than
    /// <see cref="MinRowsToPackPanels"/> share a copy among too few row tiles. Bits unchanged: only where B's values
    /// are read from moves.
    /// </summary>
    private static bool PacksPanels(in TileOperands op, int m)
    {
        if (m < MinRowsToPackPanels || op.Ldb % 16 != 0 || op.Depth * (nuint)(TileVectors * TIsa.Width) > PackedPanelFloats) return false;
        // Rows whose lines map to the same sets: the depth divided by the number of distinct set offsets of a row.
        nuint rowLines = op.Ldb / 16, period = 64 / GreatestCommonDivisor(rowLines, 64);
        return op.Depth / period > 8;
    }

    private static nuint GreatestCommonDivisor(nuint a, nuint b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    /// <summary><see cref="RunPanels"/> with each panel of B first copied into a 64-byte-aligned buffer on the stack.</summary>
    [SkipLocalsInit]
    private static unsafe void RunPackedPanels(in TileOperands op, int m, int n)
    {
        float* buffer = stackalloc float[PackedPanelFloats + 16];
        ref float panel = ref Unsafe.AsRef<float>((void*)(((nuint)buffer + 63) & ~(nuint)63));
        int w = TIsa.Width, tileVectors = TileVectors;
        nuint depth = op.Depth, ldb = op.Ldb, vector = (nuint)w;
        for (int j0 = 0; j0 < n; j0 += tileVectors * w)
        {
            int vectors = Math.Min(tileVectors, (n - j0) / w);
            nuint width = (nuint)(vectors * w);
            TileOperands columns = op.FromColumn((nuint)j0);
            for (nuint p = 0, from = 0, to = 0; p < depth; p++, from += ldb, to += width)
            {
                for (nuint v = 0; v < width; v += vector) TIsa.Store(TIsa.Load(ref columns.B, from + v), ref panel, to + v);
            }
            var packed = new TileOperands(
                ref columns.A, columns.ARowStride, columns.ADepthStride, ref panel, width,
                ref columns.C, columns.Ldc, ref columns.Bias, columns.Start, depth);
            for (int i0 = 0; i0 < m; i0 += TileRows) RunTile(packed, Math.Min(TileRows, m - i0), vectors, (nuint)i0, 0);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunTile(in TileOperands op, int rows, int vectors, nuint i0, nuint j0)
    {
        switch (vectors)
        {
            case 4: RunRows<TileFour>(op, rows, i0, j0); break;
            case 3: RunRows<TileThree>(op, rows, i0, j0); break;
            case 2: RunRows<TileTwo>(op, rows, i0, j0); break;
            default: RunRows<TileOne>(op, rows, i0, j0); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunRows<TVecs>(in TileOperands op, int rows, nuint i0, nuint j0)
        where TVecs : struct, ITileCount
    {
        switch (rows)
        {
            case 4: MatMulTile<TIsa, TVec>.Run<TileFour, TVecs>(op, i0, j0); break;
            case 3: MatMulTile<TIsa, TVec>.Run<TileThree, TVecs>(op, i0, j0); break;
            case 2: MatMulTile<TIsa, TVec>.Run<TileTwo, TVecs>(op, i0, j0); break;
            default: MatMulTile<TIsa, TVec>.Run<TileOne, TVecs>(op, i0, j0); break;
        }
    }
}
