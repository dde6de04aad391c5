extern alias generator;

using System.Linq;
using ModelCompiler.Generator.Diagnostics;
using ModelCompiler.Generator.Model;
using ModelCompiler.Generator.Planning;
using Xunit;

namespace ModelCompiler.Generator.Tests
{
    // The generator compiles its own copy of the attribute enums; its records use that copy.
    using Activation = generator::ModelCompiler.Activation;
    using UnrollPolicy = generator::ModelCompiler.UnrollPolicy;

    /// <summary>The pure stages on plain records: names, PyTorch parameter counts, shapes.</summary>
    public class PlannerTests
    {
        private static ModelDecl Decl(params AttributeDecl[] attributes) => new(
            new ClassInfo("Demo", "M", EquatableArray<ContainingType>.Empty, "Demo.M", null, false, null, false, null, null, EquatableArray<NameClash>.Empty, EquatableArray<string>.Empty),
            new ModelOptionsDecl(0, 10, true, 0, false, 32, 42, UnrollPolicy.Auto),
            attributes.ToEquatableArray());

        private static RecurrentDecl Recurrent(int index, CellKind cell, int hidden, int layers = 1, bool bidirectional = false, bool sequences = false, string? name = null) =>
            new(index, name, cell, hidden, layers, bidirectional, sequences, 0f, Activation.Tanh);

        private static ModelPlan Plan(params AttributeDecl[] attributes)
        {
            ModelDecl decl = Decl(attributes);
            Assert.Empty(ShapeChecker.Check(decl));
            return ModelPlanner.Plan(decl);
        }

        // Expected counts: sum(p.numel() for p in module.parameters()) in PyTorch.
        [Theory]
        [InlineData((int)CellKind.Lstm, 28, 128, 1, false, 80_896)]     // nn.LSTM(28, 128)
        [InlineData((int)CellKind.Gru, 10, 20, 2, true, 11_280)]        // nn.GRU(10, 20, num_layers=2, bidirectional=True)
        [InlineData((int)CellKind.Rnn, 5, 7, 1, false, 98)]             // nn.RNN(5, 7)
        [InlineData((int)CellKind.Lstm, 3, 4, 3, false, 464)]           // nn.LSTM(3, 4, num_layers=3): 144 + 2 × 160
        public void RecurrentParametersMatchPyTorch(int cell, int input, int hidden, int layers, bool bidirectional, long expected)
        {
            ModelPlan plan = Plan(new InputDecl(1, input), Recurrent(2, (CellKind)cell, hidden, layers, bidirectional));
            Assert.Equal(expected, plan.Layers[0].Parameters);
            Assert.Equal(hidden * (bidirectional ? 2 : 1), plan.OutputSize);
            Assert.False(plan.SequenceOutput);
        }

        [Fact]
        public void ModelTotalsAndShapes()
        {
            ModelPlan plan = Plan(
                new EmbeddingDecl(1, null, 100, 16),
                Recurrent(2, CellKind.Gru, 8, sequences: true),
                new DropoutDecl(3, null, 0.5f),
                new DenseDecl(4, null, 3, Activation.None));
            Assert.True(plan.TokenInput);
            Assert.Equal(1, plan.InputSize);
            Assert.True(plan.SequenceOutput); // Dense after a sequence layer applies per step
            Assert.Equal(3, plan.OutputSize);
            // Embedding 100·16 + GRU(16, 8) 3·8·16 + 3·8·8 + 2·3·8 + Linear(8, 3) 27.
            Assert.Equal(1600 + 384 + 192 + 48 + 27, plan.ParameterCount);
            Assert.Contains("Total parameters: 2,251", plan.Summary);
        }

        [Fact]
        public void DefaultNamesCountRepeatsOfEachKind()
        {
            ModelPlan plan = Plan(
                new InputDecl(1, 2),
                Recurrent(2, CellKind.Lstm, 4, sequences: true),
                Recurrent(3, CellKind.Lstm, 4, sequences: true, name: "custom"),
                Recurrent(4, CellKind.Lstm, 4, sequences: true),
                new DenseDecl(5, null, 3, Activation.None),
                new DenseDecl(6, null, 1, Activation.None));
            Assert.Equal(new[] { "lstm", "custom", "lstm_2", "dense", "dense_1" }, plan.Layers.Select(l => l.Name));
        }

        [Fact]
        public void CheckerNamesBothSides()
        {
            var problems = ShapeChecker.Check(Decl(new InputDecl(1, 2), Recurrent(2, CellKind.Gru, 4), Recurrent(3, CellKind.Rnn, 4)));
            Problem problem = Assert.Single(problems);
            Assert.Equal(DiagnosticIds.NeedsSequence, problem.Id);
            Assert.Equal(new[] { "Rnn", "rnn", "gru" }, problem.Args);
            Assert.Equal(ArgRef.Whole(3), problem.Where);
        }
    }
}
