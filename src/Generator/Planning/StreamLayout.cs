namespace ModelCompiler.Generator.Planning
{
    /// <summary>
    /// The runtime's row layout, which compiled kernels address directly: every row (and every gate block) is
    /// padded to a multiple of 16 floats, 64 bytes. The generated code checks these sizes against the runtime once,
    /// at construction.
    /// </summary>
    internal static class StreamLayout
    {
        public const int PadFloats = 16;

        public static int Padded(int width) => (width + PadFloats - 1) / PadFloats * PadFloats;

        /// <summary>
        /// The runtime's stride of packed weight rows of <paramref name="paddedWidth"/> floats (its WeightRowStride):
        /// rows from 256 floats on that span an even number of 64-byte lines get one line more (L1 sets for the
        /// products' register tiles).
        /// </summary>
        public static int WeightStride(int paddedWidth) =>
            paddedWidth >= 256 && paddedWidth / PadFloats % 2 == 0 ? paddedWidth + PadFloats : paddedWidth;
    }
}
