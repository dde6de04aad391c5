using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using Xunit;

namespace ModelCompiler.Generator.Tests
{
    /// <summary>
    /// The generated code compiles with no warnings at the highest warning level and with documentation
    /// diagnostics on, in every shape of declaration site (namespaces, nesting, accessibility, model kinds).
    /// </summary>
    public class GeneratedCodeCompilesTests
    {
        public static TheoryData<string, string> Sources => new()
        {
            { "file-scoped namespace, training", "using ModelCompiler;\nnamespace Demo;\n[Model(Steps = 28, Batch = 64)][Input(28)][Lstm(128)][Dense(10)][Loss(LossKind.CrossEntropy)][Adam][ClipGradNorm(5f)]\npublic partial class M { }" },
            { "token model", "using ModelCompiler;\nnamespace Demo.Text { [Model(Steps = 16)][Embedding(100, 8)][Gru(8)][Dense(2)][Loss(LossKind.CrossEntropy)][Sgd] internal partial class Tokens { } }" },
            { "MaxSteps model", "using ModelCompiler;\nnamespace Demo;\n[Model(MaxSteps = 20)][Input(3)][Rnn(4, ReturnSequences = true)][Dense(2)][Loss(LossKind.Mse)][RmsProp]\npublic partial class Variable { }" },
            { "MaxSteps token model", "using ModelCompiler;\n[Model(MaxSteps = 20)][Embedding(30, 4)][Lstm(4)][Dense(1, Activation = Activation.Sigmoid)][Loss(LossKind.BinaryCrossEntropy)][AdamW]\npublic partial class VariableTokens { }" },
            { "inference only", "using ModelCompiler;\nnamespace Demo;\n[Model(Steps = 8)][Input(1)][Lstm(16)][Dense(1)]\npublic sealed partial class Stream { }" },
            { "loss without optimizer", "using ModelCompiler;\nnamespace Demo;\n[Model(Steps = 8)][Input(1)][Gru(4, ReturnSequences = true)][Dense(1)][Loss(LossKind.Mae)]\npublic partial class Probe { }" },
            { "bidirectional (no streaming API)", "using ModelCompiler;\nnamespace Demo;\n[Model(Steps = 8)][Input(2)][Lstm(4, Bidirectional = true, Layers = 2, Dropout = 0.5f)][Dropout(0.2f)][Dense(3, Activation = Activation.Softmax)]\npublic partial class Both { }" },
            { "nested class", "using ModelCompiler;\nnamespace Demo;\npublic partial class Outer\n{\n    private partial struct Middle\n    {\n        [Model(Steps = 2)][Input(1)][Dense(1)]\n        internal partial class Inner { }\n    }\n}" },
            { "global namespace", "using ModelCompiler;\n[Model(Steps = 2)][Input(4)][Rnn(3)][Dense(2, Name = \"out\\\"put\")]\npartial class Global { }" },
            { "compiled step, every stage, unrolled", "using ModelCompiler;\nnamespace Demo;\n[Model(Steps = 3, Unroll = UnrollPolicy.Full)][Input(5)][Dense(7, Activation = Activation.Relu)][Lstm(9, Layers = 2, ReturnSequences = true)][Dropout(0.1f)][Gru(33, ReturnSequences = true)][Rnn(4, Activation = Activation.Relu)][Dense(20, Activation = Activation.Sigmoid)]\npublic partial class Unrolled { }" },
            { "compiled step, every stage, tiles", "using ModelCompiler;\nnamespace Demo;\n[Model(Steps = 3, Unroll = UnrollPolicy.Tiles)][Input(5)][Dense(7, Activation = Activation.Tanh)][Lstm(9, Layers = 2, ReturnSequences = true)][Dropout(0.1f)][Gru(33, ReturnSequences = true)][Rnn(4)][Dense(20)]\npublic partial class Tiled { }" },
            { "layer names with line breaks", "using ModelCompiler;\nnamespace Demo;\n[Model(Steps = 2)][Input(4)][Gru(3, Name = \"g\\nru\\u2028x\")][Dense(2, Name = \"d\\r\\u0085*/\")]\npublic partial class Names { }" },
            { "keyword names", "using ModelCompiler;\nnamespace @class.Models;\npublic partial class @struct { [Model(Steps = 2)][Input(1)][Lstm(2)][Dense(1)]\n public partial class @event { } }" },
            { "user overloads of generated methods", "using ModelCompiler;\nnamespace Demo;\n[Model(Steps = 2)][Input(1)][Lstm(2)][Dense(1)][Loss(LossKind.Mse)][Sgd]\npublic partial class Overloads { public float Predict(float[] x) => x[0]; public void Step() { } }" },
            { "base class with members of generated names", "using ModelCompiler;\nnamespace Demo;\n/// <summary>Base.</summary>\npublic class Base { /// <summary>B.</summary>\n public int BatchSize => 0; /// <summary>S.</summary>\n protected string Summary = \"\"; /// <summary>N.</summary>\n public object? Network { get; set; } /// <summary>O.</summary>\n public void Optimizer() { } }\n[Model(Steps = 2)][Input(1)][Lstm(2)][Dense(1)][Loss(LossKind.Mse)][Sgd]\npublic partial class Derived : Base { }" },
            { "base class with methods of generated names", "using ModelCompiler;\nnamespace Demo;\n/// <summary>Base.</summary>\npublic class Base { /// <summary>R.</summary>\n public void ResetState() { } /// <summary>P.</summary>\n public virtual void Predict(System.ReadOnlySpan<float> x, System.Span<float> y) { } }\n[Model(Steps = 2)][Input(1)][Lstm(2)][Dense(1)]\npublic partial class OnBase : Base { }" },
            { "a model deriving from another model", "using ModelCompiler;\nnamespace Demo;\n/// <summary>Small.</summary>\n[Model(Steps = 2)][Input(1)][Lstm(2)][Dense(1)][Loss(LossKind.Mse)][Adam]\npublic partial class Small { }\n/// <summary>Big.</summary>\n[Model(Steps = 3)][Input(1)][Gru(4)][Dense(1)][Loss(LossKind.Mse)][Sgd]\npublic partial class Big : Small { }" },
            { "user constructor and docs", "using ModelCompiler;\nnamespace Demo;\n/// <summary>Mine.</summary>\n[Model(Steps = 2)][Input(4)][Rnn(3)][Dense(2)]\npublic partial class Documented { /// <summary>Ctor.</summary>\n public Documented(int x) { } }" },
        };

        [Theory]
        [MemberData(nameof(Sources))]
        public void CompilesWithoutWarnings(string description, string source)
        {
            var (output, generatorDiagnostics, result) = TestCompilation.Run(source);
            Assert.Empty(generatorDiagnostics);
            Assert.Equal(source.Split("[Model(").Length - 1, result.GeneratedSources.Length);

            // CS1591 (missing XML doc) is the user's business in their own file; every diagnostic in generated code counts.
            var problems = output.GetDiagnostics()
                .Where(d => d.Severity >= DiagnosticSeverity.Warning)
                .Where(d => d.Id != "CS1591" || result.GeneratedSources.Any(g => d.Location.SourceTree?.FilePath.EndsWith(g.HintName) == true))
                .ToList();
            Assert.True(problems.Count == 0, description + ":\n" + string.Join("\n", problems));

            EmitResult emitted = output.Emit(new MemoryStream());
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        }

        [Theory]
        [InlineData("[Model(Steps = 3)][Input(2)][Lstm(4)][Dense(2)][Loss(LossKind.CrossEntropy)][Adam]")]
        [InlineData("[Model(MaxSteps = 3)][Embedding(10, 4)][Gru(4, ReturnSequences = true)][Dense(1)][Loss(LossKind.Mse)][Sgd]")]
        [InlineData("[Model(Steps = 3)][Input(2)][Lstm(4, Bidirectional = true)][Dense(2)]")]
        public void EveryGeneratedMemberIsAReservedName(string attributes)
        {
            // MC0027 reports user members named like generated ones: the list it checks must cover what the emitter writes.
            var (output, diagnostics, _) = TestCompilation.Run("using ModelCompiler;\nnamespace Demo;\n" + attributes + "\npublic partial class M { }");
            Assert.Empty(diagnostics);
            INamedTypeSymbol model = output.GetTypeByMetadataName("Demo.M")!;
            var unlisted = model.GetMembers().Where(m => !m.IsImplicitlyDeclared && m.Name is not (".ctor" or ".cctor") && m is not IMethodSymbol { AssociatedSymbol: not null })
                .Select(m => m.Name).Where(n => !Model.GeneratedMemberNames.Contains(n)).Distinct().ToList();
            Assert.True(unlisted.Count == 0, "not in GeneratedMemberNames: " + string.Join(", ", unlisted));
        }

        [Theory]
        [InlineData("[Model(Steps = 3)][Input(2)][Lstm(4)][Dense(2)][Loss(LossKind.CrossEntropy)][Adam]")]
        [InlineData("[Model(MaxSteps = 3)][Embedding(10, 4)][Gru(4, ReturnSequences = true)][Dense(1)][Loss(LossKind.Mse)][Sgd]")]
        [InlineData("[Model(MaxSteps = 3)][Input(2)][Rnn(4)][Dense(2)][Loss(LossKind.Mse)]")]
        [InlineData("[Model(Steps = 3)][Input(2)][Dense(2)]")]
        public void AUserMemberNamedLikeOneThisModelDoesNotGenerateIsFine(string attributes)
        {
            // MC0027 is for real collisions: a MaxSteps model has no Steps constant and no buffer types, a model without a
            // loss no Gradients, one without an optimizer no Optimizer, one without a recurrent layer no StateSize.
            string model = "using ModelCompiler;\nnamespace Demo;\n" + attributes + "\npublic partial class M { ";
            var (plain, _, _) = TestCompilation.Run(model + "}");
            var generated = plain.GetTypeByMetadataName("Demo.M")!.GetMembers().Select(m => m.Name).ToHashSet();
            string[] conditional = { "Steps", "MaxSteps", "InputBuffer", "OutputBuffer", "StateSize", "Gradients", "Optimizer" };
            string[] free = conditional.Where(name => !generated.Contains(name)).ToArray();
            Assert.NotEmpty(free);
            string members = string.Concat(free.Select(name => "public int " + name + " = 1; "));
            var (output, diagnostics, result) = TestCompilation.Run(model + members + "}");
            Assert.Null(result.Exception);
            Assert.Empty(diagnostics);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            // And every conditional member the model does generate is still reported.
            foreach (string name in conditional.Where(generated.Contains))
            {
                var (_, clashing, _) = TestCompilation.Run(model + "public int " + name + " = 1; }");
                Assert.Contains(clashing, d => d.Id == "MC0027");
            }
        }

        [Theory]
        [InlineData("[Model(Steps = 3)][Input(2)][Lstm(4)][Dense(2)][Loss(LossKind.CrossEntropy)][Adam]")]
        [InlineData("[Model(MaxSteps = 3)][Embedding(10, 4)][Gru(4, ReturnSequences = true)][Dense(1)][Loss(LossKind.Mse)][Sgd]")]
        [InlineData("[Model(Steps = 3)][Input(2)][Lstm(4, Bidirectional = true)][Dense(2)]")]
        public void AUserMethodWithAGeneratedMethodsParametersIsReported(string attributes)
        {
            // Every public method the emitter writes, declared again by the user with the same parameter types, is MC0027
            // (not CS0111 inside generated code); the same name with other parameters stays a legal overload.
            string model = "using ModelCompiler;\nnamespace Demo;\n" + attributes + "\npublic partial class M { ";
            var (output, _, _) = TestCompilation.Run(model + "}");
            var format = new SymbolDisplayFormat(
                typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
                genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
                miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);
            // The [Obsolete] Step of a bidirectional model, which only explains why it cannot stream, steps aside for a user's own.
            var methods = output.GetTypeByMetadataName("Demo.M")!.GetMembers().OfType<IMethodSymbol>()
                .Where(m => m.MethodKind == MethodKind.Ordinary && m.DeclaredAccessibility == Accessibility.Public)
                .Where(m => !m.GetAttributes().Any(a => a.AttributeClass?.Name == "ObsoleteAttribute")).ToList();
            Assert.NotEmpty(methods);
            foreach (IMethodSymbol method in methods)
            {
                string parameters = string.Join(", ", method.Parameters.Select((p, i) =>
                    (p.RefKind == RefKind.In ? "in " : p.RefKind == RefKind.Out ? "out " : "") + p.Type.ToDisplayString(format) + " p" + i));
                string body = method.Parameters.Any(p => p.RefKind == RefKind.Out) ? "{ throw null!; }" : "{ }";
                var (clashing, diagnostics, result) = TestCompilation.Run(model + "public void " + method.Name + "(" + parameters + ") " + body + " }");
                Assert.Null(result.Exception);
                Assert.True(diagnostics.Any(d => d.Id == "MC0027" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains(method.Name + "(")),
                    method.Name + "(" + parameters + "): " + string.Join("; ", diagnostics));
                Assert.DoesNotContain(clashing.GetDiagnostics(), d => d.Id == "CS0111");
            }

            var (overloaded, overloadDiagnostics, _) = TestCompilation.Run(model + "public void Predict(string text) { } public void ResetState(int keep) { } }");
            Assert.Empty(overloadDiagnostics);
            Assert.Empty(overloaded.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        [Theory]
        [InlineData("[Model(Steps = 3)][Input(2)][Lstm(4, Bidirectional = true)][Dense(2)]", "new float[2], new float[2]", "lstm")]
        [InlineData("[Model(MaxSteps = 3)][Embedding(10, 4)][Gru(4, ReturnSequences = true, Name = \"encoder\")][Gru(4, Bidirectional = true, Name = \"bi\")][Dense(2)]", "3, new float[2]", "bi")]
        public void CallingStepOnABidirectionalModelIsRefusedWithTheReason(string attributes, string arguments, string layer)
        {
            var (output, diagnostics, _) = TestCompilation.Run("using ModelCompiler;\nnamespace Demo;\n" + attributes
                + "\npublic partial class M { }\npublic static class User { public static void Run() => new M().Step(" + arguments + "); }");
            Assert.Empty(diagnostics);
            Diagnostic refused = Assert.Single(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal("CS0619", refused.Id);
            Assert.Contains($"Step streams forward in time, but '{layer}' is bidirectional: use Predict on the whole sequence.",
                refused.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public void ABidirectionalModelMayDeclareItsOwnStep()
        {
            var (output, diagnostics, _) = TestCompilation.Run("using ModelCompiler;\nnamespace Demo;\n[Model(Steps = 3)][Input(2)][Lstm(4, Bidirectional = true)][Dense(2)]"
                + "\npublic partial class M { public void Step(System.ReadOnlySpan<float> x, System.Span<float> y) { } }"
                + "\npublic static class User { public static void Run() => new M().Step(new float[2], new float[2]); }");
            Assert.Empty(diagnostics);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        [Fact]
        public void ModelsWhoseNamesDifferOnlyInCaseBothGenerate()
        {
            // Roslyn compares hint names ignoring case: equal ones would fail the whole generator (CS8785).
            var (output, diagnostics, result) = TestCompilation.Run(
                "using ModelCompiler;\nnamespace H;\n[Model(Steps = 2)][Input(1)][Lstm(2)][Dense(1)] public partial class Net { }\n[Model(Steps = 3)][Input(1)][Gru(2)][Dense(1)] public partial class NET { }");
            Assert.Null(result.Exception);
            Assert.Empty(diagnostics);
            Assert.Equal(2, result.GeneratedSources.Length);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        [Fact]
        public void BidirectionalModelsGetNoStreamingApi()
        {
            string text = TestCompilation.GeneratedText("using ModelCompiler;\n[Model(Steps = 8)][Input(2)][Gru(4, Bidirectional = true)][Dense(1)]\npublic partial class B { }");
            // Step only as the [Obsolete] member that explains why (CallingStepOnABidirectionalModelIsRefusedWithTheReason).
            Assert.Contains("[global::System.Obsolete(\"Step streams forward in time", text);
            Assert.DoesNotContain("ResetState", text);
        }

        [Fact]
        public void VariableLengthModelsGetLengthOverloadsAndNoBuffers()
        {
            string text = TestCompilation.GeneratedText("using ModelCompiler;\n[Model(MaxSteps = 8)][Input(2)][Gru(4)][Dense(1)][Loss(LossKind.Mse)][Adam]\npublic partial class V { }");
            Assert.Contains("public const int MaxSteps = 8;", text);
            Assert.DoesNotContain("const int Steps", text);
            Assert.DoesNotContain("InputBuffer", text);
            Assert.Contains("TrainStep(global::System.ReadOnlySpan<float> inputs, global::System.ReadOnlySpan<float> targets, global::System.ReadOnlySpan<int> lengths)", text);
        }
    }
}
