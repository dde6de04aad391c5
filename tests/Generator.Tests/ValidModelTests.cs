using System.Threading.Tasks;
using Xunit;
using static ModelCompiler.Generator.Tests.GeneratorVerifier;

namespace ModelCompiler.Generator.Tests
{
    /// <summary>Valid declarations, covering every layer kind and option, produce no diagnostics and code that compiles.</summary>
    public class ValidModelTests
    {
        public static TheoryData<string> Models => new()
        {
            "[Model(Steps = 28, Batch = 64, Seed = 42)][Input(28)][Lstm(128, Name = \"lstm\")][Dense(10, Name = \"head\")][Loss(LossKind.CrossEntropy)][Adam(LearningRate = 1e-3f)][ClipGradNorm(5f)]",
            "[Model(MaxSteps = 50, Unroll = UnrollPolicy.Full)][Input(3)][Gru(16, Layers = 2, Dropout = 0.25f, ReturnSequences = true)][Dropout(0.1f)][Dense(4, Activation = Activation.Relu)][Loss(LossKind.Mse)][Sgd(LearningRate = 0.1f, Momentum = 0.9f, Nesterov = true, WeightDecay = 1e-4f)][ClipGradValue(1f)]",
            "[Model(Steps = 10, Unroll = UnrollPolicy.Tiles)][Embedding(1000, 32)][Rnn(8, Activation = Activation.Relu, Bidirectional = true, ReturnSequences = true)][Lstm(8, Bidirectional = true)][Dense(1, Activation = Activation.Sigmoid)][Loss(LossKind.BinaryCrossEntropy)][RmsProp(Alpha = 0.9f, Momentum = 0.5f)]",
            "[Model(Steps = 5, Seed = -7)][Input(1)][Gru(4)][Dense(3, Activation = Activation.Softmax)][Loss(LossKind.CrossEntropy)][AdamW(Beta1 = 0.8f, Beta2 = 0.99f, Epsilon = 1e-6f, WeightDecay = 0f)]",
            "[Model(Steps = 5)][Input(2)][Dense(3, Activation = Activation.Tanh)][Loss(LossKind.Mae)]",
            "[Model(Steps = 1, Batch = 1)][Input(1)][Lstm(16)][Dense(1)]",
            "[Model(MaxSteps = 12)][Embedding(50, 8)][Gru(8, ReturnSequences = true)][Dense(5)][Loss(LossKind.CrossEntropy)][Adam]",
        };

        [Theory]
        [MemberData(nameof(Models))]
        public Task ProducesNoDiagnostics(string attributes) =>
            VerifyAsync("using ModelCompiler;\nnamespace Demo;\n" + attributes + "\npublic partial class M { }\n");
    }
}
