using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace ModelCompiler.Generator.Tests
{
    /// <summary>
    /// <c>CSharpSourceGeneratorTest</c> set up for our projects: .NET 10 reference assemblies, our attributes and
    /// runtime. Checks the expected diagnostics (with <c>{|#n:…|}</c> locations) and that the compilation, generated
    /// code included, has no other diagnostics; the generated text itself is covered by the baseline test.
    /// </summary>
    internal static class GeneratorVerifier
    {
        public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new CSharpSourceGeneratorTest<ModelGenerator, DefaultVerifier>
            {
                ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
                TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck,
            };
            test.TestState.Sources.Add(source);
            test.TestState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
            test.TestState.AdditionalReferences.Add(typeof(ModelAttribute).Assembly);
            test.TestState.AdditionalReferences.Add(typeof(ModelCompiler.Runtime.Network).Assembly);
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }

        public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);
    }
}
