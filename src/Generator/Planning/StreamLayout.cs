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
    }
}
