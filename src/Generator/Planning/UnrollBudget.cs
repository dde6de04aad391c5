namespace ModelCompiler.Generator.Planning
{
    /// <summary>
    /// SPEC §6's unroll policy for one matrix-vector product of a compiled kernel. <c>Full</c> writes every
    /// multiply-add as straight code with all accumulators live at once; <c>Tiles</c> keeps constant-bound loops over
    /// the inputs around register blocks of accumulators. <c>Auto</c> unrolls a product on AVX-512 (32 registers) when
    /// its accumulators fit the register block (12 vectors) and its straight code stays under a size budget, and tiles
    /// on the 16-register paths. Measured on the SPEC §7 stream shapes (benchmarks/RESULTS.md, Full vs Tiles):
    /// unrolled is faster on AVX-512 while the accumulators fit (LSTM 16: 82 vs 108 ns; GRU 64, 12 vectors: 540 vs
    /// 543 ns) and slower once they spill (GRU 64 on AVX2: 884 vs 725 ns; LSTM 16 on the 128-bit path: 255 vs 181 ns).
    /// On AVX2 in a process that has AVX-512 (the JIT then has 32 registers) unrolled and tiled measure the same, but
    /// where AVX2 is all there is (16 registers; <c>DOTNET_EnableAVX512=0</c> on Zen 4) the unrolled cell spills its
    /// constants and temporaries into a 3 KB frame: LSTM 16 103–153 ns unrolled against 96–104 tiled, GRU 16 73–75
    /// against 67–70, RNN 64 188–215 against 182 (stop 17, six and four alternating runs).
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

        /// <summary>The register block of the 32-register path (AVX-512), the only one <c>Auto</c> unrolls on.</summary>
        public const int WideRegisterBlock = 12;

        /// <param name="vectors">Accumulators of the product (output vectors).</param>
        /// <param name="depth">Inputs the product sums over.</param>
        /// <param name="registerBlock">Accumulators the instruction set keeps in registers.</param>
        public static bool Unrolls(UnrollPolicy policy, int vectors, int depth, int registerBlock) => policy switch
        {
            UnrollPolicy.Full => (long)vectors * depth <= FullLimit,
            UnrollPolicy.Tiles => false,
            _ => registerBlock >= WideRegisterBlock && vectors <= registerBlock && (long)vectors * depth <= MultiplyAdds,
        };
    }
}
