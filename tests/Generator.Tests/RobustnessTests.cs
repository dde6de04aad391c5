using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ModelCompiler.Generator.Tests
{
    /// <summary>Malformed attribute usages never crash the generator: at most our diagnostics, never an exception.</summary>
    public class RobustnessTests
    {
        [Theory]
        [InlineData("[Model(Steps = 4)][Input(2)][Lstm][Dense(1)]")]
        [InlineData("[Model(Steps = 4)][Input(2)][Lstm(\"eight\")][Dense(1)]")]
        [InlineData("[Model(Steps = \"four\")][Input(2)][Dense(1)]")]
        [InlineData("[Model(Steps = 4)][Input(Missing.Value)][Dense(1)]")]
        [InlineData("[Model(Steps = 4)][Input(2)][NoSuchLayer(3)][Dense(1)]")]
        [InlineData("[Model(Steps = 4)][Input(2)][Dense(1, Activation = (Activation)42)][Loss((LossKind)99)]")]
        [InlineData("[Model(Steps = 4)][Input(2)][Dense(1, Nope = 3)]")]
        [InlineData("[Model(Steps = 4)][Input(2)][Dropout(float.NaN)][Dense(1)][Loss(LossKind.Mse)][Adam(LearningRate = float.PositiveInfinity)]")]
        [InlineData("[Model(Steps = int.MaxValue, Batch = int.MaxValue)][Input(int.MaxValue)][Dense(int.MaxValue)]")]
        [InlineData("[Model(Steps = 4)][Input(2)][Dense(1, Name = null)][Dense(1, Name = \"\")]")]
        [InlineData("[Model][Model(Steps = 1)]")]
        [InlineData("[Model(Steps = 4), Input(2), Dense(1)]")]
        public void NeverThrows(string attributes)
        {
            var (_, diagnostics, result) = TestCompilation.Run("using ModelCompiler;\n" + attributes + "\npublic partial class M { }\n");
            Assert.Null(result.Exception);
            Assert.All(diagnostics, d => Assert.StartsWith("MC", d.Id));
            Assert.DoesNotContain(diagnostics, d => d.Id == "MC9999");
        }

        /// <summary>
        /// [Model] on two parts of one class (the compiler's CS0579): each part reaches the generator as a model, and two
        /// sources of the same name would fail the whole generator, the other models' code included.
        /// </summary>
        [Theory]
        [InlineData("[Model(Steps = 10)][Input(4)][Lstm(8)] public partial class C { }\n[Model(Steps = 20)] public partial class C { }")]
        [InlineData("[Model(Steps = 10)][Input(4)] public partial class C { }\n[Model(Steps = 10)][Lstm(8)] public partial class C { }")]
        public void ModelOnTwoPartsOfAClassLeavesTheOtherModelsAlone(string parts)
        {
            var (_, diagnostics, result) = TestCompilation.Run("using ModelCompiler;\n" + parts + "\n[Model(Steps = 4)][Input(2)][Dense(1)] public partial class Other { }\n");
            Assert.Null(result.Exception);
            Assert.Empty(diagnostics); // the compiler's CS0579 says it; nothing of ours beside it
            Assert.Contains("Other", Assert.Single(result.GeneratedSources).HintName);
        }

        [Fact]
        public void ModelOnARecordIsReportedAndNotGenerated()
        {
            var (_, diagnostics, result) = TestCompilation.Run("using ModelCompiler;\n[Model(Steps = 4)][Input(2)][Dense(1)] public partial record R;\n");
            Assert.Null(result.Exception);
            Assert.Equal("MC0022", Assert.Single(diagnostics).Id);
            Assert.Empty(result.GeneratedSources);
        }

        [Theory]
        [InlineData("[Model(Steps = 4)][Input(2)][Dense(1)] public partial class M { }", 11, "MC0026")]
        [InlineData("[Model(MaxSteps = 4)][Input(2)][Dense(1)] public partial class M { }", 11, null)]
        [InlineData("[Model(MaxSteps = 4)][Input(2)][Lstm(8)][Dense(1)] public partial class M { }", 9, null)]
        [InlineData("[Model(MaxSteps = 4)][Input(8)][Lstm(64)][Dense(1)] public partial class M { }", 8, "MC0029")]
        [InlineData("[Model(Steps = 4)][Input(2)][Dense(1)] public partial class M { }", 8, "MC0026")]
        public void OldLanguageVersionsAreReportedNotCompiledInto(string declaration, int version, string? expected)
        {
            // Fixed-length models get the typed buffers, C# 12 inline arrays; every model's code uses native-sized
            // integers and nullable annotations, C# 9.
            var options = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions((Microsoft.CodeAnalysis.CSharp.LanguageVersion)(version * 100));
            var compilation = TestCompilation.Create().AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("using ModelCompiler;\n" + declaration, options));
            Microsoft.CodeAnalysis.GeneratorDriver driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(new[] { new ModelGenerator().AsSourceGenerator() }, parseOptions: options)
                .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            Assert.Null(driver.GetRunResult().Results.Single().Exception);
            if (expected is null)
            {
                Assert.Empty(diagnostics);
                Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
            }
            else
            {
                Assert.Equal(expected, Assert.Single(diagnostics).Id);
                Assert.Contains($"C# {version}.0", diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        [Fact]
        public void ValidModelsAfterBrokenOnesStillGenerate()
        {
            var (_, _, result) = TestCompilation.Run(
                "using ModelCompiler;\n[Model(Steps = 4)][Input(2)][Lstm][Dense(1)] public partial class Broken { }\n[Model(Steps = 4)][Input(2)][Dense(1)] public partial class Fine { }\n");
            Assert.Matches(@"^Fine\.[0-9a-f]{16}\.Model\.g\.cs$", result.GeneratedSources.Single().HintName);
        }

        [Theory]
        // Names equal ignoring case whose 32-bit FNV hashes collide (0xf41ae1f8): hint names once carried that hash.
        [InlineData("public partial class MmOdElcOlLisIOnAbcdEFGHiJklmnOpqrStUvWXYZ { }", "public partial class MmodelcOlLIsIONAbcdEFGHiJKlMNOpqRstUVWXyz { }")]
        // The same dotted name for a class in namespace N.A and a class nested in class N.A (itself an error, CS0101).
        [InlineData("namespace N.A { public partial class B { } }", "namespace N { public partial class A { public partial class B { } } }")]
        public void ModelsWhoseNamesDifferOnlyInCaseOrNestingEachGenerate(string first, string second)
        {
            const string Model = "[ModelCompiler.Model(Steps = 4)][ModelCompiler.Input(2)][ModelCompiler.Dense(1)]";
            string source = Model + first.Replace("public partial class B", Model + " public partial class B").Replace(Model + "namespace", "namespace")
                + "\n" + Model + second.Replace("public partial class B", Model + " public partial class B").Replace(Model + "namespace", "namespace");
            var (_, diagnostics, result) = TestCompilation.Run(source);
            Assert.Null(result.Exception);
            Assert.DoesNotContain(diagnostics, d => d.Id is "MC9999" or "CS8785");
            Assert.Equal(2, result.GeneratedSources.Length);
        }

        [Theory]
        [InlineData("file")]
        [InlineData("required")]
        [InlineData("scoped")]
        public void ClassesNamedByContextualKeywordsCompile(string keyword)
        {
            var (output, diagnostics, result) = TestCompilation.Run(
                "using ModelCompiler;\nnamespace Demo;\n[Model(Steps = 4)][Input(2)][Dense(1)] public partial class @" + keyword + " { }\n");
            Assert.Null(result.Exception);
            Assert.Empty(diagnostics);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        [Fact]
        public void DiagnosticsInTreesSharingAPathStayInsideTheirTree()
        {
            // In-memory trees often share the path "": a span found in the model's tree must not be placed in another.
            var compilation = TestCompilation.Create().AddSyntaxTrees(
                Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class Tiny { }", TestCompilation.ParseOptions, path: ""),
                Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("using ModelCompiler;\n[Model(Steps = 4)][Input(0)][Dense(1)] public partial class M { }\n", TestCompilation.ParseOptions, path: ""));
            GeneratorDriver driver = TestCompilation.Driver().RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);
            Assert.Null(driver.GetRunResult().Results.Single().Exception);
            Assert.Contains(diagnostics, d => d.Id == "MC0004");
            Assert.DoesNotContain(diagnostics, d => d.Id is "MC9999" or "CS8785");
        }

        [Theory]
        [InlineData("[Model(Steps = 1, Batch = 1)][Input(1)][Dense(8000000)]")]
        [InlineData("[Model(Steps = 1, Batch = 1)][Input(1)][Rnn(1, Layers = 1000000, RecurrentWeights = Initializer.Orthogonal)][Dense(1)]")]
        [InlineData("[Model(Steps = 1, Batch = 1)][Input(100000)][Lstm(4)][Dense(1)]")]
        public void LargeModelsGenerateModestSourceWithoutACompiledStep(string attributes)
        {
            // The compiled step's code grows with the model; above its limits the engine's step runs (the same bits), so
            // the source stays small instead of outgrowing a string (MC9999 OutOfMemoryException).
            var (_, diagnostics, result) = TestCompilation.Run("using ModelCompiler;\n" + attributes + "\npublic partial class M { }\n");
            Assert.Null(result.Exception);
            Assert.Empty(diagnostics);
            string source = result.GeneratedSources.Single().SourceText.ToString();
            Assert.True(source.Length < 100_000, $"{source.Length} characters");
            Assert.DoesNotContain("Avx512Kernel", source);
        }
    }
}
