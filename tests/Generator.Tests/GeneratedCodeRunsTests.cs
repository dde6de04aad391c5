using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Xunit;

namespace ModelCompiler.Generator.Tests
{
    /// <summary>
    /// Compile, load and run: the generated members reach the runtime, the generated constants agree with what the
    /// runtime builds, and the typed, span and streaming entry points give the same numbers.
    /// </summary>
    public class GeneratedCodeRunsTests
    {
        // Spans cannot cross reflection, so each model comes with a probe compiled next to it that returns arrays.
        private const string Probe = """
            public static class Probe
            {
                public static int RuntimeParameterCount() => new M().Network.ParameterCount;

                public static float[][] Outputs(int isa)
                {
                    var m = new M();
                    m.Isa = (global::ModelCompiler.Runtime.Simd.Isa)isa;
                    var typedInput = new M.InputBuffer();
                    for (int i = 0; i < M.Steps * M.InputSize; i++) typedInput[i] = Input(i);
                    m.Predict(in typedInput, out M.OutputBuffer typedOutput);

                    var input = new INPUT[M.Steps * M.InputSize];
                    for (int i = 0; i < input.Length; i++) input[i] = Input(i);
                    var spanOutput = new float[M.OutputSize];
                    m.Predict(input, spanOutput);

                    var streamed = new float[M.OutputSize];
                    m.ResetState();
                    for (int t = 0; t < M.Steps; t++) STEP;
                    return new[] { ((global::System.ReadOnlySpan<float>)typedOutput).ToArray(), spanOutput, streamed };
                }

                public static float Train()
                {
                    var m = new M();
                    var inputs = new INPUT[2 * M.Steps * M.InputSize];
                    for (int i = 0; i < inputs.Length; i++) inputs[i] = Input(i);
                    return m.TrainStep(inputs, new int[] { 0, 1 });
                }

                private static INPUT Input(int i) => INPUTEXPR;
            }
            """;

        [Theory]
        [InlineData("[Model(Steps = 5, Batch = 4)][Input(3)][Lstm(6, Layers = 2)][Dense(4)][Loss(LossKind.CrossEntropy)][Adam]", "float", "(float)System.Math.Sin(i)", "m.Step(new global::System.ReadOnlySpan<float>(input, t * M.InputSize, M.InputSize), streamed)")]
        [InlineData("[Model(Steps = 5, Batch = 4)][Embedding(10, 3)][Gru(6)][Dense(2, Activation = Activation.Softmax)][Loss(LossKind.CrossEntropy)][Sgd(Momentum = 0.9f)]", "int", "i % 10", "m.Step(input[t], streamed)")]
        public void GeneratedModelRuns(string attributes, string inputType, string inputExpression, string step)
        {
            string probe = Probe.Replace("INPUTEXPR", inputExpression).Replace("INPUT", inputType).Replace("STEP", step);
            var (output, diagnostics, _) = TestCompilation.Run("using ModelCompiler;\n" + attributes + "\npublic partial class M { }\n" + probe);
            Assert.Empty(diagnostics);
            Type probeType = Load(output).GetType("Probe")!;

            int declared = (int)output.GetTypeByMetadataName("M")!.GetMembers("ParameterCount").OfType<IFieldSymbol>().Single().ConstantValue!;
            Assert.Equal(declared, Invoke<int>(probeType, "RuntimeParameterCount"));

            foreach (int isa in Enum.GetValues<ModelCompiler.Runtime.Simd.Isa>().Where(ModelCompiler.Runtime.Simd.IsaSelector.IsSupported).Select(i => (int)i))
            {
                float[][] outputs = Invoke<float[][]>(probeType, "Outputs", isa);
                Assert.All(outputs[0], v => Assert.True(float.IsFinite(v)));
                Assert.Equal(outputs[0], outputs[1]);
                Assert.Equal(outputs[0], outputs[2]);
            }
            Assert.True(float.IsFinite(Invoke<float>(probeType, "Train")));
        }

        private static T Invoke<T>(Type type, string method, params object[] args) =>
            (T)type.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, args)!;

        private static Assembly Load(Compilation compilation)
        {
            var image = new MemoryStream();
            EmitResult result = compilation.Emit(image);
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
            image.Position = 0;
            // The runtime and attribute assemblies resolve to the ones this test process already loaded.
            return new AssemblyLoadContext("generated-models", isCollectible: true).LoadFromStream(image);
        }
    }
}
