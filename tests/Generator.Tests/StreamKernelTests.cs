using Xunit;

namespace ModelCompiler.Generator.Tests
{
    /// <summary>
    /// What the compiled Step reads (floats, a token's table row) and runs (Softmax), and SPEC §6's unroll policy in
    /// the emitted kernels: Full writes the products out, Tiles loops over the inputs, Auto unrolls a product while
    /// its accumulators fit the path's registers.
    /// </summary>
    public class StreamKernelTests
    {
        private static string Generate(string attributes) =>
            TestCompilation.GeneratedText("using ModelCompiler;\nnamespace Demo;\n" + attributes + "\npublic partial class M { }");

        /// <summary>The text of one ISA's kernel class.</summary>
        private static string Kernel(string text, string isa)
        {
            int start = text.IndexOf("private sealed class " + isa + "Kernel", System.StringComparison.Ordinal);
            Assert.True(start >= 0, isa + " kernel missing");
            int end = text.IndexOf("private sealed class ", start + 10, System.StringComparison.Ordinal);
            return end < 0 ? text.Substring(start) : text.Substring(start, end - start);
        }

        private const string TiledLoop = "for (nuint p = 0, row = 0; p < ";

        [Fact]
        public void FullUnrollsEveryProductOnEveryPath()
        {
            string text = Generate("[Model(Steps = 2, Unroll = UnrollPolicy.Full)][Input(1)][Gru(64)][Dense(1)]");
            foreach (string isa in new[] { "Avx512", "Avx2", "Portable" })
            {
                string kernel = Kernel(text, isa);
                Assert.DoesNotContain(TiledLoop, kernel);
                Assert.Contains("rhIn63 = ", kernel);
            }
        }

        [Fact]
        public void FullStillTilesProductsTooLargeToWriteOut()
        {
            // LSTM 512 on AVX-512: 128 vectors × 513 inputs = 65,664 multiply-adds, beyond the 16,384 limit. Weight rows
            // of 2,048 floats (32 lines) are 2,064 apart, the runtime's WeightRowStride.
            string text = Generate("[Model(Steps = 2, Unroll = UnrollPolicy.Full)][Input(1)][Lstm(512)][Dense(1)]");
            string kernel = Kernel(text, "Avx512");
            Assert.Contains(TiledLoop + "512; p++, row += 2064)", kernel);
            Assert.Contains("Stage0.GatesPadded == 2048 && Stage0.WeightStride == 2064 &&", text);
            Assert.Contains("unrolled, 512 multiply-adds", kernel); // the Dense head: 1 vector × 512 inputs
        }

        [Fact]
        public void TilesLoopsOverTheInputsOnEveryPath()
        {
            string text = Generate("[Model(Steps = 2, Unroll = UnrollPolicy.Tiles)][Input(1)][Lstm(16)][Dense(1)]");
            foreach (string isa in new[] { "Avx512", "Avx2", "Portable" })
            {
                string kernel = Kernel(text, isa);
                // W_hh·h over 16 inputs runs in 4 runs of 4 (ProductRuns): one loop per run.
                Assert.Contains(TiledLoop + "4; p++, row += 64)", kernel);
                Assert.Contains("for (nuint p = 12, row = 768; p < 16; p++, row += 64)", kernel);
                Assert.DoesNotContain("rhIn", kernel);
            }
        }

        [Fact]
        public void ShortInputProductsAreWrittenOutEvenInTiles()
        {
            // in == 1 (a sensor stream): the input product is one multiply-add per vector, no loop; W_hh·h still tiles.
            string kernel = Kernel(Generate("[Model(Steps = 2, Unroll = UnrollPolicy.Tiles)][Input(1)][Gru(64)][Dense(1)]"), "Avx2");
            Assert.Contains("var xgIn0 = ", kernel);
            Assert.DoesNotContain("xgIn1", kernel);
            Assert.Contains(TiledLoop + "64; p++, row += 192)", kernel);
            Assert.DoesNotContain(TiledLoop + "1; ", kernel);
            // Five inputs loop like any other product.
            Assert.Contains(TiledLoop + "5; p++, row += 192)", Kernel(Generate("[Model(Steps = 2, Unroll = UnrollPolicy.Tiles)][Input(5)][Gru(64)][Dense(1)]"), "Avx2"));
        }

        [Fact]
        public void AutoUnrollsOnAvx512WhileTheAccumulatorsFitTheRegisters()
        {
            // LSTM 16: 4 gate vectors on AVX-512 (they fit); the 16-register paths tile (8 vectors on AVX2 fit the block,
            // but the unrolled cell spills where AVX2 is all there is: UnrollBudget), as do 16 on the 128-bit path.
            string text = Generate("[Model(Steps = 2)][Input(1)][Lstm(16)][Dense(1)]");
            Assert.Contains("unrolled, 68 multiply-adds", Kernel(text, "Avx512"));
            Assert.Contains(TiledLoop + "4; p++, row += 64)", Kernel(text, "Avx2"));
            Assert.DoesNotContain("unrolled", Kernel(text, "Avx2"));
            Assert.Contains(TiledLoop + "4; p++, row += 64)", Kernel(text, "Portable"));
            // Full still unrolls there.
            Assert.Contains("unrolled, 136 multiply-adds", Kernel(Generate("[Model(Steps = 2, Unroll = UnrollPolicy.Full)][Input(1)][Lstm(16)][Dense(1)]"), "Avx2"));
            // GRU 64: 12 vectors fit AVX-512's block of 12; 24 do not fit AVX2's 8.
            string gru = Generate("[Model(Steps = 2)][Input(1)][Gru(64)][Dense(1)]");
            Assert.Contains("unrolled, 780 multiply-adds", Kernel(gru, "Avx512"));
            Assert.Contains(TiledLoop + "64; p++, row += 192)", Kernel(gru, "Avx2"));
        }

        [Fact]
        public void TokenModelsStepFromTheirTableRow()
        {
            string text = Generate("[Model(Steps = 4)][Embedding(10, 3)][Lstm(4)][Dense(2)]");
            Assert.Contains("public void Step(int token, global::System.Span<float> y)", text);
            Assert.Contains("_compiled.Network.CheckStep(token, y);", text);
            Assert.Contains("RequireLayout(Stage0.Vocabulary == 10 && Stage0.Dimension == 3, \"embedding\");", text);
            Assert.Contains("ref float input1 = ref k.Stage0.Row(token);", Kernel(text, "Avx512"));
        }

        [Fact]
        public void SoftmaxHeadsRunTheEnginesRowSoftmax()
        {
            string text = Generate("[Model(Steps = 4)][Input(2)][Lstm(4, ReturnSequences = true)][Dense(3, Activation = Activation.Softmax)]");
            foreach (string isa in new[] { "Avx512", "Avx2", "Portable" }) Assert.Contains("Softmax(ref output, 16, 3);", Kernel(text, isa));
        }

        [Fact]
        public void KernelsCheckTheRuntimeLayoutOnce()
        {
            string text = Generate("[Model(Steps = 2)][Input(3)][Rnn(20, Layers = 2)][Dense(17)]");
            Assert.Contains("Stage0 = Network.RecurrentStreamOperands(0, 0);", text);
            Assert.Contains("Stage1 = Network.RecurrentStreamOperands(0, 1);", text);
            Assert.Contains("RequireLayout(Stage1.InputDepth == 20 && Stage1.HiddenPadded == 32 && Stage1.GatesPadded == 32 && Stage1.WeightStride == 32 && Stage1.RecurrentRunLength == 5, \"rnn\");", text);
            Assert.Contains("RequireLayout(Stage2.InputDepth == 20 && Stage2.UnitsPadded == 32 && Stage2.RunLength == 5, \"dense\");", text);
        }

        [Fact]
        public void ShortRecurrentAndDenseProductsAreSummedInRuns()
        {
            // LSTM 16 → Dense 1: W_hh·h and the head have 16 inputs, so 4 runs of 4; the input product (1 input) is one run.
            string kernel = Kernel(Generate("[Model(Steps = 2)][Input(1)][Lstm(16)][Dense(1)]"), "Avx512");
            Assert.Contains("rh = b_hh + W_hh·h (16 inputs, summed in runs of 4 from the bias, then from zero, added in order)", kernel);
            Assert.Contains("var rhPart0 = global::System.Runtime.Intrinsics.Vector512<float>.Zero;", kernel);
            Assert.Contains("rh3 = global::System.Runtime.Intrinsics.Vector512.Add(rh3, rhPart3);", kernel);
            Assert.Contains("out0 = global::System.Runtime.Intrinsics.Vector512.Add(out0, outPart0);", Kernel(Generate("[Model(Steps = 2)][Input(1)][Lstm(16)][Dense(2)]"), "Avx512"));
            Assert.DoesNotContain("xgPart", kernel);
            // 33 inputs are one run again, 7 too.
            string deep = Kernel(Generate("[Model(Steps = 2)][Input(1)][Lstm(33)][Dense(7)][Dense(1)]"), "Avx512");
            Assert.DoesNotContain("Part", deep);
        }

        [Fact]
        public void OneUnitHeadsSumTheirRunsSideBySideInLanesOnAvx512()
        {
            // LSTM 16 → Dense 1: 4 runs of 4 in lanes 0–3, 4 multiply-adds on permuted inputs, the runs added in order.
            string text = Generate("[Model(Steps = 2)][Input(1)][Lstm(16)][Dense(1, Activation = Activation.Sigmoid)]");
            string kernel = Kernel(text, "Avx512");
            Assert.Contains("one output, the 4 runs side by side in lanes, 4 multiply-adds on permuted inputs", kernel);
            Assert.Contains("ref float laneWeights = ref ops.RunLaneWeights;", kernel);
            Assert.Contains("(runInput, global::System.Runtime.Intrinsics.Vector512.Create(3, 7, 11, 15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), global::System.Runtime.Intrinsics.Vector512.LoadUnsafe(ref laneWeights, 48), runs); // inputs 3, 7, 11, 15", kernel);
            Assert.Contains("(runs, global::System.Runtime.Intrinsics.Vector512.Create(3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))); // + run 3", kernel);
            Assert.Contains("SetAt(ref output, 0, global::System.Runtime.Intrinsics.Vector512.ToScalar(Sigmoid(sum)));", kernel);
            Assert.DoesNotContain("RunLaneWeights", Kernel(text, "Avx2"));
            Assert.DoesNotContain("RunLaneWeights", Kernel(text, "Portable"));
            // Not for two units, a softmax, the step's own input x, an embedding row, unequal runs or more than 16 inputs.
            foreach (string model in new[]
            {
                "[Model(Steps = 2)][Input(1)][Lstm(16)][Dense(2)]",
                "[Model(Steps = 2)][Input(1)][Lstm(16)][Dense(1, Activation = Activation.Softmax)]",
                "[Model(Steps = 2)][Input(16)][Dense(1)]",
                "[Model(Steps = 2)][Embedding(5, 12)][Dense(1)]",
                "[Model(Steps = 2)][Input(1)][Lstm(10)][Dense(1)]",
                "[Model(Steps = 2)][Input(1)][Lstm(20)][Dense(1)]",
            })
            {
                Assert.DoesNotContain("RunLaneWeights", Kernel(Generate(model), "Avx512"));
            }
        }
    }
}
