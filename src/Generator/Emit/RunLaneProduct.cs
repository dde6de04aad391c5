using ModelCompiler.Generator.Model;
using ModelCompiler.Generator.Planning;

namespace ModelCompiler.Generator.Emit
{
    /// <summary>
    /// A one-unit Dense layer (a regression or binary head) over 8–16 inputs on the AVX-512 path: the product's runs
    /// (<see cref="ProductRuns"/>) sit side by side in the lanes of one accumulator. The input vector is permuted so
    /// that lane r holds input r·L + j and multiplied by the runtime's run-lane weights (vector j, lane r: the weight of
    /// input r·L + j), so each run stays one multiply-add chain in input order, from the bias (run 0) or zero, and the
    /// runs are then added in order: the engine's bits with L multiply-adds instead of one 16-lane multiply-add per
    /// input, which matters on a streaming step where the head shares the ports with the next step's chain.
    /// </summary>
    internal static class RunLaneProduct
    {
        private const int Lanes = 16;
        private const string Vector = "global::System.Runtime.Intrinsics.Vector512";
        private const string Permute = "global::System.Runtime.Intrinsics.X86.Avx512F.PermuteVar16x32";

        /// <summary>
        /// Whether the head qualifies on a path of <paramref name="width"/> lanes: one unit, no softmax, a product in
        /// runs of equal length, and an input that is a padded row of at least 16 floats (another stage's output), so
        /// one vector load reads it.
        /// </summary>
        public static bool Applies(int width, StreamDensePlan dense, int runLength, bool inputIsPaddedRow) =>
            width == Lanes && inputIsPaddedRow && dense.Units == 1 && dense.Activation != Activation.Softmax
            && runLength < dense.Input && dense.Input <= Lanes && dense.Input % runLength == 0;

        /// <summary>The product, its activation and the store of the one output into <c>output</c> (lane 0).</summary>
        public static void Write(SourceWriter w, string input, int depth, int runLength, string activation)
        {
            int runs = depth / runLength;
            w.Line("var runInput = " + Vector + ".LoadUnsafe(ref " + input + ", 0);");
            w.Line("ref float laneWeights = ref ops.RunLaneWeights;");
            w.Line("var runs = " + Vector + ".LoadUnsafe(ref ops.Bias, 0); // lane 0: the bias, where run 0 starts; lanes 1–" + (runs - 1) + ": zero");
            for (int j = 0; j < runLength; j++)
            {
                var lanes = new int[Lanes];
                var inputs = new string[runs];
                for (int r = 0; r < runs; r++)
                {
                    lanes[r] = r * runLength + j;
                    inputs[r] = lanes[r].ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                w.Line("runs = " + Vector + ".FusedMultiplyAdd(" + Permute + "(runInput, " + Indices(lanes) + "), " + Vector + ".LoadUnsafe(ref laneWeights, "
                    + (j * Lanes) + "), runs); // inputs " + string.Join(", ", inputs));
            }
            w.Line("var sum = runs;");
            for (int r = 1; r < runs; r++)
            {
                var lanes = new int[Lanes];
                lanes[0] = r;
                w.Line("sum = " + Vector + ".Add(sum, " + Permute + "(runs, " + Indices(lanes) + ")); // + run " + r);
            }
            w.Line("SetAt(ref output, 0, " + Vector + ".ToScalar(" + (activation.Length > 0 ? activation + "(sum)" : "sum") + "));");
        }

        private static string Indices(int[] lanes) => Vector + ".Create(" + string.Join(", ", lanes) + ")";
    }
}
