namespace ModelCompiler.Runtime.Kernels;

/// <summary>
/// The row stride of a packed weight matrix that register tiles read as their B operand. A tile walks a panel of B
/// (up to four vectors, 256 bytes, of every row) down the depth; when a row is an even number of 64-byte lines, the
/// panel's lines fall into a fraction of L1's 64 sets (2 KB rows: 8 of them), overflow their ways and come from L2
/// again for every row tile. One extra line per row spreads them over all sets: measured on the forward products of
/// train-rows (64 × 128 × 512, B rows 512 floats) 152 → 164 GFLOP/s, and of train-gru256 (B rows 768 floats) and
/// its dL/dh products (256 floats) 7–9% faster. Narrow rows (a streaming step's small weights) keep their width.
/// </summary>
internal static class WeightRowStride
{
    /// <summary>Rows narrower than this (in floats) are not padded: their panels are short and stay in L1.</summary>
    public const int MinPaddedWidth = 256;

    /// <summary>The stride, in floats, of rows of <paramref name="paddedWidth"/> floats (a multiple of 16).</summary>
    public static int For(int paddedWidth) => Padded(paddedWidth, MinPaddedWidth);

    /// <summary>Gate-row copies narrower than this are not padded (<see cref="ForGateRows"/>).</summary>
    public const int MinPaddedGateRowWidth = 128;

    /// <summary>
    /// The stride of the backward pass's row-major copies, <c>[gates][width]</c>, the B operand of dL/dh = dPre·W_hh
    /// and dL/dx = dPre·W_ih: their products walk all gate rows (512 for an LSTM of 128) in deep passes, so rows of
    /// 128 floats, whose lines fall into half of L1's sets, overflow them too (train-rows' dL/dh 142 → 162 GFLOP/s
    /// on AVX-512, 70 → 79 on AVX2 with rows 144 floats apart). Only the runtime reads these copies; the forward
    /// copies, which compiled streaming kernels also address, keep <see cref="For"/>.
    /// </summary>
    public static int ForGateRows(int paddedWidth) => Padded(paddedWidth, MinPaddedGateRowWidth);

    private static int Padded(int paddedWidth, int minWidth) =>
        paddedWidth >= minWidth && paddedWidth / 16 % 2 == 0 ? paddedWidth + 16 : paddedWidth;
}
