using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ModelCompiler.Generator.Tests
{
    /// <summary>Builds test compilations against .NET 10 reference assemblies plus our attributes and runtime, and runs the generator on them.</summary>
    internal static class TestCompilation
    {
        public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

        public static IEnumerable<MetadataReference> References =>
            Basic.Reference.Assemblies.Net100.References.All
                .Concat(new[]
                {
                    MetadataReference.CreateFromFile(typeof(ModelAttribute).Assembly.Location),
                    MetadataReference.CreateFromFile(typeof(ModelCompiler.Runtime.Network).Assembly.Location),
                });

        public static CSharpCompilation Create(params string[] sources) => CSharpCompilation.Create(
            "TestModels",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));

        public static GeneratorDriver Driver(bool track = false) => CSharpGeneratorDriver.Create(
            new[] { new ModelGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

        /// <summary>Runs the generator once; returns the updated compilation, the generator's diagnostics and the run result.</summary>
        public static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics, GeneratorRunResult Result) Run(params string[] sources)
        {
            GeneratorDriver driver = Driver().RunGeneratorsAndUpdateCompilation(Create(sources), out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
            return (output, diagnostics, driver.GetRunResult().Results.Single());
        }

        /// <summary>The text of the single generated file.</summary>
        public static string GeneratedText(params string[] sources)
        {
            var (_, diagnostics, result) = Run(sources);
            // Warnings leave the model generated (a one-unit softmax is legal, if constant); errors do not.
            Xunit.Assert.Empty(diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
            return result.GeneratedSources.Single().SourceText.ToString();
        }
    }
}
