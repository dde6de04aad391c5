using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using ModelCompiler.Generator.Diagnostics;
using Xunit;
using static ModelCompiler.Generator.Tests.GeneratorVerifier;

namespace ModelCompiler.Generator.Tests
{
    /// <summary>Every diagnostic fires on the offending argument with a message naming both sides.</summary>
    public class DiagnosticTests
    {
        private static string Model(string attributes, string declaration = "public partial class M { }") =>
            "using ModelCompiler;\nnamespace Demo;\n" + attributes + "\n" + declaration + "\n";

        [Fact]
        public Task NotPartial() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Dense(1)]", "public class {|#0:M|} { }"),
            Diagnostic(Descriptors.NotPartial).WithLocation(0).WithArguments("M"));

        [Fact]
        public Task EnclosingTypeNotPartial() => VerifyAsync(
            "using ModelCompiler;\npublic class Outer\n{\n    [Model(Steps = 4)][Input(2)][Dense(1)]\n    public partial class {|#0:M|} { }\n}\n",
            Diagnostic(Descriptors.NotPartial).WithLocation(0).WithArguments("Outer"));

        [Fact]
        public Task NoInput() => VerifyAsync(
            Model("[{|#0:Model|}(Steps = 4)][Dense(1)]"),
            Diagnostic(Descriptors.NoInput).WithLocation(0).WithArguments("M"));

        [Fact]
        public Task EmbeddingAfterLayer() => VerifyAsync(
            Model("[Model(Steps = 4)][Lstm(3, ReturnSequences = true)][{|#0:Embedding|}(10, 4)][Dense(1)]"),
            Diagnostic(Descriptors.EmbeddingNotFirst).WithLocation(0).WithArguments("embedding", "Lstm 'lstm' comes before it"));

        [Fact]
        public Task EmbeddingAndInput() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][{|#0:Embedding|}(10, 4)][Dense(1)]"),
            Diagnostic(Descriptors.EmbeddingNotFirst).WithLocation(0).WithArguments("embedding", "the model also declares [Input]"));

        [Theory]
        [InlineData("[Model(Steps = 4)][Input({|#0:0|})][Dense(1)]", "Features", "Input", "0")]
        [InlineData("[Model(Steps = 4)][Input(2)][Lstm({|#0:-3|})]", "Hidden", "Lstm 'lstm'", "-3")]
        [InlineData("[Model(Steps = 4)][Input(2)][Gru(3, {|#0:Layers = 0|})]", "Layers", "Gru 'gru'", "0")]
        [InlineData("[Model(Steps = 4)][Input(2)][Dense({|#0:units: 0|})]", "Units", "Dense 'dense'", "0")]
        [InlineData("[Model(Steps = 4)][Embedding({|#0:0|}, 3)][Dense(1)]", "Vocab", "Embedding 'embedding'", "0")]
        [InlineData("[Model(Steps = 4)][Embedding(5, {|#0:0|})][Dense(1)]", "Dim", "Embedding 'embedding'", "0")]
        [InlineData("[Model({|#0:Steps = 0|})][Input(2)][Dense(1)]", "Steps", "model 'M'", "0")]
        [InlineData("[Model(MaxSteps = 4, {|#0:Batch = -1|})][Input(2)][Dense(1)]", "Batch", "model 'M'", "-1")]
        public Task SizeNotPositive(string attributes, string what, string who, string value) => VerifyAsync(
            Model(attributes), Diagnostic(Descriptors.SizeNotPositive).WithLocation(0).WithArguments(what, who, value));

        [Theory]
        [InlineData("[Model(Steps = 4)][Input(2)][Dropout({|#0:1f|})][Dense(1)]", "P", "Dropout 'dropout'", "1")]
        [InlineData("[Model(Steps = 4)][Input(2)][Lstm(3, Layers = 2, {|#0:Dropout = -0.5f|})]", "Dropout", "Lstm 'lstm'", "-0.5")]
        public Task ProbabilityOutOfRange(string attributes, string what, string who, string value) => VerifyAsync(
            Model(attributes), Diagnostic(Descriptors.ProbabilityOutOfRange).WithLocation(0).WithArguments(what, who, value));

        [Fact]
        public Task RecurrentAfterLastStep() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][{|#1:Lstm|}(8)][{|#0:Lstm|}(8)][Dense(1)]"),
            Diagnostic(Descriptors.NeedsSequence).WithLocation(0).WithLocation(1).WithArguments("Lstm", "lstm_1", "lstm")
                .WithMessage("Lstm 'lstm_1' needs a sequence, but 'lstm' returns only its last step: set ReturnSequences = true on 'lstm'"));

        [Fact]
        public Task CrossEntropyWithSigmoid() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Gru(8)][Dense(3, Name = \"head\", {|#0:Activation = Activation.Sigmoid|})][Loss(LossKind.CrossEntropy)]"),
            Diagnostic(Descriptors.CrossEntropyOutput).WithLocation(0).WithArguments("Dense 'head' has Activation.Sigmoid"));

        [Fact]
        public Task CrossEntropyWithoutDenseHead() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Lstm(8)][{|#0:Loss|}(LossKind.CrossEntropy)]"),
            Diagnostic(Descriptors.CrossEntropyOutput).WithLocation(0).WithArguments("the last layer 'lstm' is Lstm, not Dense"));

        [Fact]
        public Task BinaryCrossEntropyWithSoftmax() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Rnn(8)][Dense(3, {|#0:Activation = Activation.Softmax|})][Loss(LossKind.BinaryCrossEntropy)]"),
            Diagnostic(Descriptors.BinaryCrossEntropyOutput).WithLocation(0).WithArguments("Dense 'dense' has Activation.Softmax"));

        [Fact]
        public Task OptimizerAndClipWithoutLoss() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Dense(1)][{|#0:Adam|}][{|#1:ClipGradNorm|}(1f)]"),
            Diagnostic(Descriptors.OptimizerWithoutLoss).WithLocation(0).WithArguments("Adam", "M"),
            Diagnostic(Descriptors.ClipWithoutLoss).WithLocation(1).WithArguments("ClipGradNorm", "M"));

        [Fact]
        public Task TwoOptimizers() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Dense(1)][Loss(LossKind.Mse)][Sgd][{|#0:RmsProp|}]"),
            Diagnostic(Descriptors.TwoOptimizers).WithLocation(0).WithArguments("RmsProp", "Sgd"));

        [Fact]
        public Task DuplicateLayerNames() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Lstm(4, ReturnSequences = true)][Gru(4, {|#0:Name = \"lstm\"|})][Dense(1)]"),
            Diagnostic(Descriptors.DuplicateLayerName).WithLocation(0).WithArguments("Gru is named", "lstm", "the unnamed Lstm before it"));

        [Fact]
        public Task StepsAndMaxSteps() => VerifyAsync(
            Model("[Model(Steps = 4, {|#0:MaxSteps = 8|})][Input(2)][Dense(1)]"),
            Diagnostic(Descriptors.StepsAndMaxSteps).WithLocation(0).WithArguments("4", "8"));

        [Fact]
        public Task NoSteps() => VerifyAsync(
            Model("[{|#0:Model|}][Input(2)][Dense(1)]"),
            Diagnostic(Descriptors.NoSteps).WithLocation(0).WithArguments("M"));

        [Theory]
        [InlineData("[Model(Steps = 4)][Input(2)][{|#0:Input|}(3)][Dense(1)]", "Input", "Input", "input")]
        [InlineData("[Model(Steps = 4)][Input(2)][Dense(1)][Loss(LossKind.Mse)][{|#0:Loss|}(LossKind.Mae)]", "Loss", "Loss", "loss")]
        [InlineData("[Model(Steps = 4)][Input(2)][Dense(1)][Loss(LossKind.Mse)][ClipGradNorm(1f)][{|#0:ClipGradValue|}(1f)]", "ClipGradValue", "ClipGradNorm", "gradient clipping")]
        public Task DuplicateAttribute(string attributes, string second, string first, string what) => VerifyAsync(
            Model(attributes), Diagnostic(Descriptors.Duplicate).WithLocation(0).WithArguments(second, first, what));

        [Fact]
        public Task NoLayers() => VerifyAsync(
            Model("[Model(Steps = 4)][{|#0:Input|}(2)]"),
            Diagnostic(Descriptors.NoLayers).WithLocation(0).WithArguments("M", "input"));

        [Fact]
        public Task RnnActivation() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Rnn(4, {|#0:Activation = Activation.Sigmoid|})][Dense(1)]"),
            Diagnostic(Descriptors.RnnActivation).WithLocation(0).WithArguments("rnn", "Sigmoid"));

        [Theory]
        [InlineData("[Adam({|#0:LearningRate = -1e-3f|})]", "LearningRate", "Adam", "finite and >= 0", "-0.001")]
        [InlineData("[Sgd({|#0:LearningRate = float.PositiveInfinity|})]", "LearningRate", "Sgd", "finite and >= 0", "Infinity")]
        [InlineData("[Adam({|#0:WeightDecay = float.PositiveInfinity|})]", "WeightDecay", "Adam", "finite and >= 0", "Infinity")]
        [InlineData("[AdamW({|#0:Beta2 = 1f|})]", "Beta2", "AdamW", "in [0, 1)", "1")]
        [InlineData("[RmsProp({|#0:Epsilon = -1e-8f|})]", "Epsilon", "RmsProp", "finite and > 0", "-1E-08")]
        [InlineData("[Adam({|#0:Epsilon = float.PositiveInfinity|})]", "Epsilon", "Adam", "finite and > 0", "Infinity")]
        [InlineData("[Sgd({|#0:Momentum = 1.5f|})]", "Momentum", "Sgd", "in [0, 1)", "1.5")]
        [InlineData("[Sgd({|#0:Nesterov = true|})]", "Momentum", "Sgd", "> 0 with Nesterov = true", "0")]
        public Task HyperparameterOutOfRange(string optimizer, string what, string who, string rule, string value) => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Dense(1)][Loss(LossKind.Mse)]" + optimizer),
            Diagnostic(Descriptors.HyperparameterOutOfRange).WithLocation(0).WithArguments(what, who, rule, value));

        [Theory]
        [InlineData("[Model(Steps = 4)][Input(2)][Dense(1)][Loss({|#0:(LossKind)9|})]", "Kind", "Loss", "LossKind", "9", "CrossEntropy, Mse, BinaryCrossEntropy, Mae")]
        [InlineData("[Model(Steps = 4)][Input(2)][Dense(1, {|#0:Activation = (Activation)42|})]", "Activation", "Dense 'dense'", "Activation", "42", "None, Tanh, Relu, Sigmoid, Softmax")]
        [InlineData("[Model(Steps = 4, {|#0:Unroll = (UnrollPolicy)7|})][Input(2)][Dense(1)]", "Unroll", "model 'M'", "UnrollPolicy", "7", "Auto, Full, Tiles")]
        [InlineData("[Model(Steps = 4)][Input(2)][Gru(3, {|#0:RecurrentWeights = (Initializer)9|})]", "RecurrentWeights", "Gru 'gru'", "Initializer", "9", "Default, XavierUniform, XavierNormal, KaimingUniform, KaimingNormal, Orthogonal, Zeros")]
        [InlineData("[Model(Steps = 4)][Input(2)][Dense(1, {|#0:Biases = (Initializer)(-1)|})]", "Biases", "Dense 'dense'", "Initializer", "-1", "Default, XavierUniform, XavierNormal, KaimingUniform, KaimingNormal, Orthogonal, Zeros")]
        [InlineData("[Model(Steps = 4)][Embedding(5, 2, {|#0:Weights = (Initializer)7|})][Dense(1)]", "Weights", "Embedding 'embedding'", "Initializer", "7", "Default, XavierUniform, XavierNormal, KaimingUniform, KaimingNormal, Orthogonal, Zeros")]
        public Task UndefinedEnumValue(string attributes, string what, string who, string type, string value, string members) => VerifyAsync(
            Model(attributes),
            Diagnostic(Descriptors.UndefinedEnumValue).WithLocation(0).WithArguments(what, who, type, value, members));

        [Theory]
        [InlineData("[Lstm(4, {|#0:Name = \"\"|})][Dense(1)]", "Lstm", "", "the name is empty")]
        [InlineData("[Lstm(4)][Dense(1, {|#0:Name = \"head.out\"|})]", "Dense", "head.out", "the name contains '.'")]
        public Task InvalidLayerName(string layers, string kind, string name, string reason) => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)]" + layers),
            Diagnostic(Descriptors.InvalidLayerName).WithLocation(0).WithArguments(kind, name, reason));

        [Theory]
        [InlineData("[Lstm(4, {|#0:Biases = Initializer.Orthogonal|})]", "Lstm 'lstm'", "Orthogonal")]
        [InlineData("[Dense(1, {|#0:Biases = Initializer.XavierUniform|})]", "Dense 'dense'", "XavierUniform")]
        public Task BiasInitializer(string layer, string who, string initializer) => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)]" + layer),
            Diagnostic(Descriptors.BiasInitializer).WithLocation(0).WithArguments(who, initializer));

        [Fact]
        public Task ForgetBiasNotFinite() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Lstm(4, {|#0:ForgetBias = float.NaN|})]"),
            Diagnostic(Descriptors.HyperparameterOutOfRange).WithLocation(0).WithArguments("ForgetBias", "Lstm 'lstm'", "finite", "NaN"));

        [Fact]
        public Task ClipMaxNotPositive() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Dense(1)][Loss(LossKind.Mse)][ClipGradValue({|#0:0f|})]"),
            Diagnostic(Descriptors.HyperparameterOutOfRange).WithLocation(0).WithArguments("MaxValue", "ClipGradValue", "> 0", "0"));

        [Fact]
        public Task Generic() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Dense(1)]", "public partial class {|#0:M|}<T> { }"),
            Diagnostic(Descriptors.Generic).WithLocation(0).WithArguments("M"));

        [Fact]
        public Task FileLocalClass() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Dense(1)]", "file partial class {|#0:M|} { }"),
            Diagnostic(Descriptors.FileLocal).WithLocation(0).WithArguments("M"));

        [Theory]
        [InlineData("public partial class {|#0:M|} { public int Summary; }", "M", "field", "Summary")]
        [InlineData("public partial class {|#0:M|} { public int Step => 1; }", "M", "property", "Step")]
        [InlineData("public partial class {|#0:M|} { private void _network() { } }", "M", "method", "_network")]
        [InlineData("public partial class {|#0:Network|} { }", "Network", "the class name", "Network")]
        public Task GeneratedMemberName(string declaration, string model, string what, string name) => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Dense(1)]", declaration),
            Diagnostic(Descriptors.GeneratedMemberName).WithLocation(0).WithArguments(model, what, name));

        [Fact]
        public Task StaticClass() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Dense(1)]", "public static partial class {|#0:M|} { }"),
            Diagnostic(Descriptors.NotAnInstanceClass).WithLocation(0).WithArguments("M", "static"));

        [Fact]
        public Task Record() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Dense(1)]", "public partial record {|#0:M|} { }"),
            Diagnostic(Descriptors.NotAnInstanceClass).WithLocation(0).WithArguments("M", "a record"));

        [Fact]
        public Task SplitDeclarations() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)]", "public partial class {|#0:M|} { }\n[Dense(1)]\npublic partial class M { }"),
            Diagnostic(Descriptors.SplitDeclarations).WithLocation(0).WithArguments("M"));

        [Fact]
        public Task ModelAttributeOnAnotherPartIsNoSplit() => VerifyAsync(
            Model("[Model(Steps = 4)][Adam]", "public partial class M { }\n[Input(2)][Lstm(3)][Dense(2)][Loss(LossKind.CrossEntropy)]\npublic partial class M { }"));

        [Fact]
        public Task OnlyDropoutIsNoLayer() => VerifyAsync(
            Model("[Model(Steps = 4)][{|#0:Input|}(2)][Dropout(0.5f)][Loss(LossKind.Mse)][Adam]"),
            Diagnostic(Descriptors.NoLayers).WithLocation(0).WithArguments("M", "input"));

        [Fact]
        public Task DefaultNamesThatCollideSaySo() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Lstm(4, Name = \"lstm_1\", ReturnSequences = true)][{|#0:Lstm|}(4, ReturnSequences = true)][Lstm(4)][Dense(1)]"),
            Diagnostic(Descriptors.DuplicateLayerName).WithLocation(0).WithArguments("The unnamed Lstm gets the default name", "lstm_1", "Lstm 'lstm_1'"));

        [Fact]
        public Task ZeroLearningRateIsAllowed() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Lstm(3)][Dense(1)][Loss(LossKind.Mse)][Adam(LearningRate = 0f)]"));

        [Theory]
        [InlineData("[Model(Steps = 4)][Input(2)][Lstm(3)][Dense({|#0:1|})][Loss(LossKind.CrossEntropy)]", "dense", "CrossEntropy over it is always 0 (one class)", OneClass)]
        [InlineData("[Model(Steps = 4)][Input(2)][Lstm(3)][Dense({|#0:1|}, Activation = Activation.Softmax)]", "dense", "its softmax is always 1", OneClass)]
        [InlineData("[Model(Steps = 4)][Input(2)][Lstm(3)][Dense({|#0:units: 1|}, Name = \"head\", Activation = Activation.Softmax)][Loss(LossKind.CrossEntropy)]", "head", "its softmax is always 1", OneClass)]
        [InlineData("[Model(Steps = 4)][Input(2)][Lstm(3, ReturnSequences = true)][Dense({|#0:1|}, Name = \"gate\", Activation = Activation.Softmax)][Lstm(4)]", "gate", "its softmax is always 1", "give it more units, or Activation.Sigmoid for a gate between 0 and 1")]
        public Task ConstantSingleUnit(string attributes, string dense, string why, string advice) => VerifyAsync(
            Model(attributes), Diagnostic(Descriptors.ConstantSingleUnit).WithLocation(0).WithArguments(dense, why, advice));

        private const string OneClass = "use Dense(2) with CrossEntropy for two classes, or Dense(1, Activation = Activation.Sigmoid) with BinaryCrossEntropy";

        [Fact]
        public Task OneUnitWithBinaryCrossEntropyIsFine() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Lstm(3)][Dense(1, Activation = Activation.Sigmoid)][Loss(LossKind.BinaryCrossEntropy)]"));

        [Fact]
        public Task InputAfterALayer() => VerifyAsync(
            Model("[Model(Steps = 4)][Lstm(3)][{|#0:Input|}(2)][Dense(1)]"),
            Diagnostic(Descriptors.InputAfterLayer).WithLocation(0).WithArguments("Lstm 'lstm'"));

        [Theory]
        [InlineData("[{|#0:Input|}(4)][Lstm(8)][Dense(1)]", "Input")]
        [InlineData("[{|#0:Embedding|}(10, 4)][Gru(8)][Dense(1)]", "Embedding")]
        [InlineData("[{|#0:Lstm|}(8)][Dense(2)]", "Lstm")]
        [InlineData("[{|#0:Gru|}(8)][Input(3)][Dense(2)]", "Gru")]
        public Task LayerAttributesWithoutModel(string attributes, string attribute) => VerifyAsync(
            Model(attributes), Diagnostic(Descriptors.ModelAttributeMissing).WithLocation(0).WithArguments("M", attribute));

        [Fact]
        public void GeneratedCodeCompiledAsASourceFileIsOneClearError()
        {
            // EmitCompilerGeneratedFiles into the project folder: the copy is compiled with the sources. Without the check,
            // every generated member would be MC0027 on the user's class.
            string model = Model("[Model(Steps = 4)][Input(2)][Lstm(3)][Dense(1)][Loss(LossKind.Mse)][Adam]");
            string generated = TestCompilation.GeneratedText(model);
            var compilation = TestCompilation.Create(model).AddSyntaxTrees(
                CSharpSyntaxTree.ParseText(generated, TestCompilation.ParseOptions, path: "obj/generated/Demo.M.0123456789abcdef.Model.g.cs"));
            TestCompilation.Driver().RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);
            Diagnostic error = Assert.Single(diagnostics);
            Assert.Equal(DiagnosticIds.GeneratedCodeCompiledTwice, error.Id);
            Assert.Contains("its generated code is also compiled from 'obj/generated/Demo.M.0123456789abcdef.Model.g.cs'", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public Task DropoutWithOneLayer() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Lstm(3, {|#0:Dropout = 0.2f|})][Dense(1)]"),
            Diagnostic(Descriptors.DropoutWithOneLayer).WithLocation(0).WithArguments("Lstm 'lstm'", "0.2"));

        [Fact]
        public Task EveryLayerFrozen() => VerifyAsync(
            Model("[Model(Steps = 4)][Embedding(9, 3, Trainable = false)][Lstm(3, Trainable = false)][Dropout(0.1f)][Dense(2, Trainable = false)][Loss(LossKind.CrossEntropy)][{|#0:Adam|}]"),
            Diagnostic(Descriptors.NothingLearns).WithLocation(0).WithArguments("M", "Adam"));

        [Theory]
        [InlineData("[Model(Steps = 4)][Embedding(9, 3, Trainable = false)][Lstm(3)][Dense(2, Trainable = false)][Loss(LossKind.CrossEntropy)][Adam]")] // one layer learns
        [InlineData("[Model(Steps = 4)][Input(2)][Lstm(3, Trainable = false)][Dense(2, Trainable = false)][Loss(LossKind.CrossEntropy)]")] // no optimizer: gradients only
        public void AModelWithALearningLayerOrNoOptimizerIsNotWarned(string declaration) =>
            Assert.Empty(TestCompilation.Run(Model(declaration)).Diagnostics);

        [Fact]
        public void AWarningDoesNotStopGeneration()
        {
            var (output, diagnostics, result) = TestCompilation.Run(Model("[Model(Steps = 4)][Input(2)][Lstm(3, Dropout = 0.2f)][Dense(1)]"));
            Assert.Equal(DiagnosticIds.DropoutWithOneLayer, Assert.Single(diagnostics).Id);
            Assert.Single(result.GeneratedSources);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        [Fact]
        public void RuntimeNotReferenced()
        {
            // A project with the attributes and the generator but not the runtime: one MC0030 on the class instead of
            // dozens of CS0234 inside generated code, and no source.
            string source = Model("[Model(Steps = 4)][Input(2)][Lstm(3)][Dense(1)]");
            var references = TestCompilation.References.Where(r => !(r.Display ?? "").EndsWith("ModelCompiler.Runtime.dll", System.StringComparison.Ordinal));
            var compilation = CSharpCompilation.Create("NoRuntime", new[] { CSharpSyntaxTree.ParseText(source, TestCompilation.ParseOptions, path: "Source0.cs") },
                references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            TestCompilation.Driver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out var diagnostics);
            Microsoft.CodeAnalysis.Diagnostic diagnostic = Assert.Single(diagnostics);
            Assert.Equal(DiagnosticIds.RuntimeNotReferenced, diagnostic.Id);
            Assert.Contains("Model 'M' runs on ModelCompiler.Runtime", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("M", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
            Assert.Single(output.SyntaxTrees); // nothing generated
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        [Fact]
        public Task AllProblemsAreReportedAtOnce() => VerifyAsync(
            Model("[Model(Steps = 4)][Input({|#0:0|})][{|#3:Lstm|}(4)][{|#1:Gru|}(4)][Dropout({|#2:2f|})]"),
            Diagnostic(Descriptors.SizeNotPositive).WithLocation(0).WithArguments("Features", "Input", "0"),
            Diagnostic(Descriptors.ProbabilityOutOfRange).WithLocation(2).WithArguments("P", "Dropout 'dropout'", "2"),
            Diagnostic(Descriptors.NeedsSequence).WithLocation(1).WithLocation(3).WithArguments("Gru", "gru", "lstm"));

        [Theory]
        [InlineData("[Model(Steps = 4)][Input(2)][Lstm({|#0:int.MaxValue|})][Dense(1)]", "the recurrent weights of Lstm 'lstm' (4 × 2147483647 × 2147483647 per layer and direction)", "beyond 64-bit range")]
        [InlineData("[Model(Steps = 4)][Input(2)][Gru({|#0:30000|}, Layers = 2, Bidirectional = true)][Dense(1)]", "the recurrent weights of Gru 'gru' (3 × 30000 × 30000 per layer and direction)", "10,800,000,000")]
        [InlineData("[Model(Steps = 4)][Embedding({|#0:100000|}, 50000)][Gru(4)][Dense(1)]", "the table of Embedding 'embedding' (100000 × 50000)", "5,000,000,000")]
        [InlineData("[Model(Steps = 4)][Input(2)][Lstm(20000)][Dense({|#0:120000|})]", "the weights of Dense 'dense' (120000 × 20000 inputs)", "2,400,000,000")]
        [InlineData("[Model(Steps = 4)][Input({|#0:200000|})][Gru(4000)][Dense(1)]", "the input weights of Gru 'gru' (3 × 4000 × 200000 inputs)", "2,400,000,000")]
        [InlineData("[Model(Steps = 4)][Input(20)][Gru({|#0:200000|})][Dense(1)]", "the recurrent weights of Gru 'gru' (3 × 200000 × 200000 per layer and direction)", "120,000,000,000")]
        [InlineData("[Model(Steps = 4)][Input(2)][Lstm(8, {|#0:Layers = int.MaxValue|})][Dense(1)]", "the recurrent weights of Lstm 'lstm' (4 × 8 × 8 per layer and direction, 2147483647 layers)", "549,755,813,632")]
        [InlineData("[Model(Steps = 4)][Embedding(2, {|#0:int.MaxValue|})][Lstm(8)][Dense(1)]", "the table of Embedding 'embedding' (2 × 2147483647)", "4,294,967,294")]
        public Task ALayerTooLargeIsNamed(string attributes, string what, string value) => VerifyAsync(
            Model(attributes), Diagnostic(Descriptors.TooLarge).WithLocation(0).WithArguments("M", what, value));

        [Fact]
        public Task ABufferTooLargeNamesTheStepsAsDeclared() => VerifyAsync(
            Model("[Model(MaxSteps = int.MaxValue, Batch = 1)][Input(2)][Dense(1)]", "public partial class {|#0:M|} { }"),
            Diagnostic(Descriptors.TooLarge).WithLocation(0).WithArguments("M", "MaxSteps × InputSize", "4294967294"));

        [Theory]
        [InlineData("[Model({|#0:Steps = int.MaxValue|}, Batch = int.MaxValue)][Input(2)][Dense(1)]", "BatchSize × Steps, the rows of every activation buffer (2147483647 × 2147483647)", "4,611,686,014,132,420,608")]
        [InlineData("[Model({|#0:MaxSteps = 100000|}, Batch = 46341)][Input(2)][Dense(1)]", "BatchSize × MaxSteps, the rows of every activation buffer (46341 × 100000)", "4,634,100,000")]
        public Task TooManyRowsNameBatchAndSteps(string attributes, string what, string value) => VerifyAsync(
            Model(attributes), Diagnostic(Descriptors.TooLarge).WithLocation(0).WithArguments("M", what, value));

        /// <summary>A size with a diagnostic of its own is not blamed again for the weights it makes too large.</summary>
        [Theory]
        [InlineData("[Model(Steps = 4)][Input(2)][Lstm({|#0:-70000|})][Dense(1)]", "Hidden", "Lstm 'lstm'", "-70000")]
        [InlineData("[Model(Steps = 4)][Input({|#0:int.MinValue|})][Dense(int.MaxValue)]", "Features", "Input", "-2147483648")]
        public Task ANonPositiveSizeIsReportedOnce(string attributes, string what, string who, string value) => VerifyAsync(
            Model(attributes), Diagnostic(Descriptors.SizeNotPositive).WithLocation(0).WithArguments(what, who, value));

        [Fact]
        public Task AnUndefinedRnnActivationIsAnUndefinedValue() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Rnn(8, {|#0:Activation = (Activation)42|})][Dense(1)]"),
            Diagnostic(Descriptors.UndefinedEnumValue).WithLocation(0).WithArguments("Activation", "Rnn 'rnn'", "Activation", "42", "None, Tanh, Relu, Sigmoid, Softmax"));

        [Fact]
        public Task AnUndefinedHeadActivationUnderCrossEntropyIsReportedOnce() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Gru(8)][Dense(3, {|#0:Activation = (Activation)42|})][Loss(LossKind.CrossEntropy)]"),
            Diagnostic(Descriptors.UndefinedEnumValue).WithLocation(0).WithArguments("Activation", "Dense 'dense'", "Activation", "42", "None, Tanh, Relu, Sigmoid, Softmax"));

        [Fact]
        public Task ASoftmaxOfOneUnitUnderBinaryCrossEntropyIsReportedOnce() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Gru(8)][Dense(1, {|#0:Activation = Activation.Softmax|})][Loss(LossKind.BinaryCrossEntropy)]"),
            Diagnostic(Descriptors.BinaryCrossEntropyOutput).WithLocation(0).WithArguments("Dense 'dense' has Activation.Softmax"));

        [Fact]
        public Task AnEmbeddingBeforeTheInputIsReportedOnce() => VerifyAsync(
            Model("[Model(Steps = 4)][{|#0:Embedding|}(10, 4)][Input(4)][Lstm(8)][Dense(1)]"),
            Diagnostic(Descriptors.EmbeddingNotFirst).WithLocation(0).WithArguments("embedding", "the model also declares [Input]"));

        [Fact]
        public Task AnInputWithOnlyAnEmbeddingIsReportedOnce() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(4)][{|#0:Embedding|}(10, 4)]"),
            Diagnostic(Descriptors.EmbeddingNotFirst).WithLocation(0).WithArguments("embedding", "the model also declares [Input]"));

        [Fact]
        public Task ASequenceNeededAlsoMarksTheProducersReturnSequences() => VerifyAsync(
            Model("[Model(Steps = 4)][Input(2)][Gru(8, Name = \"encoder\", {|#1:ReturnSequences = false|})][Dropout(0.1f)][{|#0:Lstm|}(8)][Dense(1)]"),
            Diagnostic(Descriptors.NeedsSequence).WithLocation(0).WithLocation(1).WithArguments("Lstm", "lstm", "encoder"));
    }
}
