using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace ModelCompiler.Generator.Tests
{
    /// <summary>
    /// The generated <c>PyTorchModule</c> text where Python differs from C#: names it cannot write as attributes, the
    /// logits switch, the training helpers and their numbers. (The runtime tests build its submodules in libtorch and, where
    /// a Python with torch is installed, run it against the model.)
    /// </summary>
    public class PyTorchModuleTextTests
    {
        private static string Module(string declaration)
        {
            string generated = TestCompilation.GeneratedText("using ModelCompiler;\nnamespace Demo;\n" + declaration);
            VariableDeclaratorSyntax constant = CSharpSyntaxTree.ParseText(generated).GetRoot().DescendantNodes()
                .OfType<VariableDeclaratorSyntax>().Single(v => v.Identifier.ValueText == "PyTorchModule");
            return ((LiteralExpressionSyntax)constant.Initializer!.Value).Token.ValueText;
        }

        [Fact]
        public void FrozenLayersAreFrozenInPyTorchAndCountedInTheSummary()
        {
            const string declaration = "[Model(Steps = 3)] [Embedding(100, 8, Name = \"glove\", Trainable = false)] [Gru(4)] [Dense(2)] [Loss(LossKind.CrossEntropy)] [Adam] public partial class M;";
            Assert.Contains("        self.glove.requires_grad_(False)  # Trainable = false: frozen\n", Module(declaration));
            Assert.DoesNotContain("requires_grad_", Module(declaration.Replace(", Trainable = false", "")));
            string generated = TestCompilation.GeneratedText("using ModelCompiler;\nnamespace Demo;\n" + declaration);
            Assert.Contains("Embedding(100, 8, frozen)", generated);
            Assert.Contains("Trainable parameters: 178 (800 frozen)", generated);
            Assert.Contains("Trainable: false", generated);

            string encoder = Module("[Model(Steps = 3)] [Input(2)] [Lstm(4, Name = \"encoder\", Trainable = false)] [Dense(2, Name = \"head\", Trainable = false)] [Dense(1)] public partial class E;");
            Assert.Contains("        self.encoder.requires_grad_(False)  # Trainable = false: frozen\n        self.head.requires_grad_(False)  # Trainable = false: frozen\n", encoder);
            string summary = TestCompilation.GeneratedText("using ModelCompiler;\nnamespace Demo;\n[Model(Steps = 3)] [Input(2)] [Lstm(4, Trainable = false)] [Dense(1)] public partial class F;");
            Assert.Contains("Lstm(4, frozen)", summary);
            Assert.Contains("Trainable parameters: 5 (128 frozen)", summary);
        }

        [Fact]
        public void LayerNamesPythonCannotSpellAreRegisteredByString()
        {
            string module = Module("""
                [Model(Steps = 3)] [Input(2)]
                [Lstm(4, Name = "my-lstm", ReturnSequences = true)] [Gru(4, Name = "training", ReturnSequences = true)]
                [Rnn(4, Name = "_hidden", ReturnSequences = true)] [Lstm(4, Name = "naïve 'x'", ReturnSequences = true)]
                [Dense(2, Name = "class")] [Dense(1, Name = "head")]
                public partial class Names;
                """);
            Assert.Contains("        self.add_module('my-lstm', nn.LSTM(2, 4, batch_first=True))\n", module);
            Assert.Contains("        self._modules['training'] = nn.GRU(4, 4, batch_first=True)\n", module);
            Assert.Contains("        self._modules['_hidden'] = nn.RNN(4, 4, batch_first=True)\n", module);
            Assert.Contains("        self.add_module('na\\U000000efve \\'x\\'', nn.LSTM(4, 4, batch_first=True))\n", module);
            Assert.Contains("        self.add_module('class', nn.Linear(4, 2))\n", module);
            Assert.Contains("        self.head = nn.Linear(2, 1)\n", module);
            Assert.Contains("        x, state = self._modules['my-lstm'](x, None if states is None else states[0])\n", module);
            Assert.Contains("        x, state = self._modules['naïve \\'x\\''](x, None if states is None else states[3])\n".Replace("naïve", "na\\U000000efve"), module);
            Assert.Contains("        x = self._modules['class'](x)\n", module);
            Assert.Contains("# A layer named 'training' hides nn.Module's mode flag", module);
        }

        [Fact]
        public void ClassNamedByAPythonKeywordBecomesModel()
        {
            string module = Module("[Model(Steps = 2)] [Input(1)] [Gru(3)] public partial class @class;");
            Assert.Contains("\nclass Model(nn.Module):\n", module);
            Assert.StartsWith("# The PyTorch module equivalent to Demo.class (ModelCompiler)", module);
        }

        [Fact]
        public void InferenceOnlyModelHasNoTrainingHelpersAndNoLogitsSwitch()
        {
            string module = Module("[Model(Steps = 2)] [Input(1)] [Lstm(3)] [Dense(2, Activation = Activation.Softmax)] public partial class Plain;");
            Assert.Contains("    def forward(self, x, states=None, return_states=False):\n", module);
            Assert.Contains("        _, state = self.lstm(x, None if states is None else states[0])\n        final_states.append(state)\n        h = state[0]\n        x = h[-1]  # the last step\n", module);
            Assert.Contains("        x = torch.softmax(x, dim=-1)\n        return (x, final_states) if return_states else x\n", module);
            Assert.DoesNotContain("loss_function", module);
            Assert.DoesNotContain("def optimizer", module);
            Assert.DoesNotContain("clip_gradients", module);
        }

        [Theory]
        [InlineData("Activation.Softmax", "LossKind.CrossEntropy", true)]
        [InlineData("Activation.None", "LossKind.CrossEntropy", false)]
        [InlineData("Activation.Sigmoid", "LossKind.BinaryCrossEntropy", true)]
        [InlineData("Activation.Sigmoid", "LossKind.Mse", false)]
        public void LogitsSwitchOnlyWhereTheLossFusesADeclaredActivation(string activation, string loss, bool expected)
        {
            string module = Module($"[Model(Steps = 2)] [Input(1)] [Gru(3)] [Dense(2, Activation = {activation})] [Loss({loss})] [Adam] public partial class Head;");
            Assert.Equal(expected, module.Contains("    def forward(self, x, logits=False, states=None, return_states=False):\n"));
            Assert.Equal(expected, module.Contains("        if logits:\n            return (x, final_states) if return_states else x\n"));
        }

        [Fact]
        public void TrainingHelpersCarryTheDeclaredNumbers()
        {
            string module = Module("""
                [Model(MaxSteps = 5)] [Embedding(10, 4)] [Gru(6, Layers = 2, Dropout = 0.25f, Bidirectional = true)] [Dense(3)]
                [Loss(LossKind.CrossEntropy)] [AdamW(LearningRate = 3e-4f, Beta2 = 0.98f, Epsilon = 1e-7f)] [ClipGradNorm(2.5f)]
                public partial class Tokens;
                """);
            Assert.Contains("        self.gru = nn.GRU(4, 6, num_layers=2, batch_first=True, dropout=0.25, bidirectional=True)\n", module);
            Assert.Contains("    def forward(self, x, lengths=None, states=None, return_states=False):\n", module);
            Assert.Contains("        if lengths is None:\n            lengths = torch.full((x.shape[0],), x.shape[1], dtype=torch.long)\n", module);
            Assert.Contains("        x = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)\n", module);
            Assert.Contains("        x = torch.cat((h[-2], h[-1]), dim=1)", module);
            Assert.Contains("        return nn.CrossEntropyLoss()\n", module);
            Assert.Contains("        return torch.optim.AdamW(self.parameters() if parameters is None else parameters, lr=0.0003, betas=(0.9, 0.98), eps=1E-07, weight_decay=0.01)\n", module);
            Assert.Contains("        torch.nn.utils.clip_grad_norm_(self.parameters() if parameters is None else parameters, 2.5)\n", module);
        }

        [Fact]
        public void DeclaredInitializersBecomeInitCalls()
        {
            string module = Module("""
                [Model(Steps = 2)] [Input(3)]
                [Lstm(4, Layers = 2, InputWeights = Initializer.XavierUniform, RecurrentWeights = Initializer.Orthogonal, Biases = Initializer.Zeros, ForgetBias = 1f)]
                [Dense(2, Name = "class", Weights = Initializer.KaimingNormal)]
                public partial class Init;
                """);
            Assert.Contains(
                "        for name, tensor in self.lstm.named_parameters():\n"
                + "            if name.startswith('weight_ih'):\n                nn.init.xavier_uniform_(tensor)\n"
                + "            elif name.startswith('weight_hh'):\n                nn.init.orthogonal_(tensor)\n"
                + "            elif name.startswith('bias'):\n                nn.init.zeros_(tensor)\n"
                + "        with torch.no_grad():\n"
                + "            for name, tensor in self.lstm.named_parameters():\n"
                + "                if name.startswith('bias_ih'):\n                    tensor[4:8].fill_(1.0)\n"
                + "                elif name.startswith('bias_hh'):\n                    tensor[4:8].zero_()\n", module);
            Assert.Contains("        nn.init.kaiming_normal_(self._modules['class'].weight, nonlinearity='relu')\n", module);
            Assert.DoesNotContain("self._modules['class'].bias", module);
        }
    }
}
