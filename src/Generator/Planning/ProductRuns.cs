namespace ModelCompiler.Generator.Planning
{
    /// <summary>
    /// The runtime's summation order for short products (its <c>Kernels.ProductRuns</c>), which compiled kernels must
    /// follow to give the engine's bits: W_hh·h and Dense products over 8 to 32 inputs are summed in runs of
    /// ⌈depth / 4⌉ inputs, the first from the bias, later ones from zero, then added in order. The generated code
    /// checks the run lengths against the runtime once, at construction.
    /// </summary>
    internal static class ProductRuns
    {
        public const int MinSplitDepth = 8;
        public const int MaxSplitDepth = 32;

        public static int Length(int depth) =>
            depth >= MinSplitDepth && depth <= MaxSplitDepth ? (depth + 3) / 4 : System.Math.Max(depth, 1);
    }
}
