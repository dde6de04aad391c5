using System.Runtime.CompilerServices;

namespace ModelCompiler.Runtime.Kernels;

/// <summary>
/// The operands of C = start + Σ_p A(i, p)·B(p, j), addressed by element offsets from the start of each span.
/// A's element (i, p) sits at <c>i·ARowStride + p·ADepthStride</c>, which lets one tile kernel serve both A·B
/// (strides lda, 1) and Aᵀ·B (strides 1, lda). Refs are only offset at the moment they are read, so no ref ever
/// points outside its span, even for empty operands.
/// </summary>
internal readonly ref struct TileOperands
{
    public readonly ref float A;
    public readonly nuint ARowStride;
    public readonly nuint ADepthStride;
    public readonly ref float B;
    public readonly nuint Ldb;
    public readonly ref float C;
    public readonly nuint Ldc;
    public readonly ref float Bias;
    public readonly AccumulatorStart Start;
    public readonly nuint Depth;

    public TileOperands(
        ref float a, nuint aRowStride, nuint aDepthStride, ref float b, nuint ldb, ref float c, nuint ldc,
        ref float bias, AccumulatorStart start, nuint depth)
    {
        A = ref a;
        ARowStride = aRowStride;
        ADepthStride = aDepthStride;
        B = ref b;
        Ldb = ldb;
        C = ref c;
        Ldc = ldc;
        Bias = ref bias;
        Start = start;
        Depth = depth;
    }

    /// <summary>
    /// The depth range [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>): later ranges
    /// start from C, which holds the chain so far, so splitting the depth keeps every element's operation order.
    /// </summary>
    public TileOperands DepthSlice(nuint first, nuint count) => Slice(first, count, first == 0 ? Start : AccumulatorStart.Output);

    /// <summary>The depth range [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) starting from <paramref name="start"/>.</summary>
    public TileOperands Slice(nuint first, nuint count, AccumulatorStart start) => new(
        ref Unsafe.Add(ref A, first * ADepthStride), ARowStride, ADepthStride,
        ref Unsafe.Add(ref B, first * Ldb), Ldb, ref C, Ldc, ref Bias, start, count);

    /// <summary>The output from column <paramref name="first"/> on (B, C and a bias row start there).</summary>
    public TileOperands FromColumn(nuint first) => new(
        ref A, ARowStride, ADepthStride, ref Unsafe.Add(ref B, first), Ldb, ref Unsafe.Add(ref C, first), Ldc,
        ref Start == AccumulatorStart.Bias ? ref Unsafe.Add(ref Bias, first) : ref Bias, Start, Depth);

    /// <summary>The output from row <paramref name="first"/> on (A and C start there).</summary>
    public TileOperands FromRow(nuint first) => new(
        ref Unsafe.Add(ref A, first * ARowStride), ARowStride, ADepthStride, ref B, Ldb,
        ref Unsafe.Add(ref C, first * Ldc), Ldc, ref Bias, Start, Depth);
}
