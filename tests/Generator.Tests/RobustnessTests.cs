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

        [Fact]
        public void ModelOnARecordIsReportedAndNotGenerated()
        {
            var (_, diagnostics, result) = TestCompilation.Run("using ModelCompiler;\n[Model(Steps = 4)][Input(2)][Dense(1)] public partial record R;\n");
            Assert.Null(result.Exception);
            Assert.Equal("MC0022", Assert.Single(diagnostics).Id);
            Assert.Empty(result.GeneratedSources);
        }

        [Theory]
        [InlineData("[Model(Steps = 4)][Input(2)][Dense(1)] public partial class M { }", "MC0026")]
        [InlineData("[Model(MaxSteps = 4)][Input(2)][Dense(1)] public partial class M { }", null)]
        public void BelowCSharp12OnlyFixedLengthModelsAreReported(string declaration, string? expected)
        {
            // Fixed-length models get the typed buffers, C# 12 inline arrays; variable-length ones compile in C# 11.
            var options = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp11);
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
                Assert.Contains("C# 11.0", diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        [Fact]
        public void ValidModelsAfterBrokenOnesStillGenerate()
        {
            var (_, _, result) = TestCompilation.Run(
                "using ModelCompiler;\n[Model(Steps = 4)][Input(2)][Lstm][Dense(1)] public partial class Broken { }\n[Model(Steps = 4)][Input(2)][Dense(1)] public partial class Fine { }\n");
            Assert.Matches(@"^Fine\.[0-9a-f]{8}\.Model\.g\.cs$", result.GeneratedSources.Single().HintName);
        }
    }
}
