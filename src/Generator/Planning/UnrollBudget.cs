namespace ModelCompiler.Generator.Planning
{
    /// <summary>
    /// SPEC §6's unroll policy for one matrix-vector product of a compiled kernel. <c>Full</c> writes every
    /// multiply-add as straight code with all accumulators live at once; <c>Tiles</c> keeps constant-bound loops over
    /// the inputs around register blocks of accumulators. <c>Auto</c> unrolls a product when its accumulators fit the
    /// register block of the instruction set (12 vectors of AVX-512's 32 registers, 8 of the 16-register paths)
    /// and its straight code stays under a size budget. Measured on the SPEC §7 stream shapes (benchmarks/RESULTS.md,
    /// Full vs Tiles): unrolled is faster while the accumulators fit (LSTM 16: 82 vs 108 ns on AVX-512, 97 vs 100 ns
    /// on AVX2; GRU 64, 12 vectors on AVX-512: 540 vs 543 ns) and slower once they spill (GRU 64 on AVX2: 884 vs
    /// 725 ns; LSTM 16 on the 128-bit path, 16 vectors: 255 vs 181 ns).
    /// </summary>
    internal static class UnrollBudget
    {
        /// <summary>Multiply-add statements per product that <c>Auto</c> still writes out (~7 KB of code).</summary>
        public const int MultiplyAdds = 1024;

        /// <summary>
        /// Past this many multiply-adds per product even <c>Full</c> tiles: the straight code would be megabytes of
        /// source per model and the JIT compiles methods that large without optimizations.
        /// </summary>
        public const int FullLimit = 16384;

        /// <param name="vectors">Accumulators of the product (output vectors).</param>
        /// <param name="depth">Inputs the product sums over.</param>
        /// <param name="registerBlock">Accumulators the instruction set keeps in registers.</param>
        public static bool Unrolls(UnrollPolicy policy, int vectors, int depth, int registerBlock) => policy switch
        {
            UnrollPolicy.Full => (long)vectors * depth <= FullLimit,
            UnrollPolicy.Tiles => false,
            _ => vectors <= registerBlock && (long)vectors * depth <= MultiplyAdds,
        };
    }
}
