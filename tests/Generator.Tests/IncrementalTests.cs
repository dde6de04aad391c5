using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ModelCompiler.Generator.Tests
{
    /// <summary>
    /// Unrelated edits leave every step after parsing cached and regenerate nothing; no Roslyn object is held by
    /// any step output (it would root old compilations and break caching).
    /// </summary>
    public class IncrementalTests
    {
        private const string ModelSource = """
            using ModelCompiler;
            namespace Demo;
            [Model(Steps = 4)]
            [Input(2)]
            [Lstm(8, Name = "lstm")]
            [Dense(3, Name = "head")]
            [Loss(LossKind.CrossEntropy)]
            [Adam]
            public partial class M { }
            """;

        private static readonly string[] s_steps = { TrackingNames.Parse, TrackingNames.Check, TrackingNames.Plan };

        [Fact]
        public void UnrelatedFileIsCached()
        {
            AssertCachedAfter(c => c.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Other { int X => 1; }", TestCompilation.ParseOptions, path: "Other.cs")));
        }

        [Fact]
        public void EditAfterTheModelInTheSameFileIsCached()
        {
            AssertCachedAfter(c => Edit(c, text => text + "\nclass Other { } // unrelated\n"));
        }

        [Fact]
        public void EditMovingTheModelRegeneratesNothing()
        {
            // Spans shift, so Parse re-runs; the plan is equal, so no source is regenerated.
            AssertCachedAfter(c => Edit(c, text => "// a comment above everything\n" + text), parseMayChange: true);
        }

        [Fact]
        public void RealChangeRegenerates()
        {
            CSharpCompilation compilation = TestCompilation.Create(ModelSource);
            GeneratorDriver driver = TestCompilation.Driver(track: true).RunGenerators(compilation);
            driver = driver.RunGenerators(Edit(compilation, text => text.Replace("Lstm(8", "Lstm(9")));
            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            Assert.Contains(result.TrackedSteps[TrackingNames.Plan].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        }

        [Fact]
        public void ChangingTheUnrollPolicyRegeneratesTheCompiledStep()
        {
            CSharpCompilation compilation = TestCompilation.Create(ModelSource);
            GeneratorDriver driver = TestCompilation.Driver(track: true).RunGenerators(compilation);
            string before = driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString();
            driver = driver.RunGenerators(Edit(compilation, text => text.Replace("[Model(Steps = 4)]", "[Model(Steps = 4, Unroll = UnrollPolicy.Tiles)]")));
            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            Assert.Contains(result.TrackedSteps[TrackingNames.Plan].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
            string after = result.GeneratedSources.Single().SourceText.ToString();
            // Auto tiles only the 128-bit path here (16 gate vectors); Tiles loops on every path.
            Assert.True(TiledLoops(after) > TiledLoops(before), $"tiled loops: {TiledLoops(before)} before, {TiledLoops(after)} after");
        }

        private static int TiledLoops(string text)
        {
            int count = 0;
            for (int at = text.IndexOf("for (nuint p = 0, row = 0;", StringComparison.Ordinal); at >= 0; at = text.IndexOf("for (nuint p = 0, row = 0;", at + 1, StringComparison.Ordinal)) count++;
            return count;
        }

        [Fact]
        public void NoRoslynObjectIsReachableFromStepOutputs()
        {
            GeneratorDriver driver = TestCompilation.Driver(track: true).RunGenerators(TestCompilation.Create(ModelSource));
            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            foreach (string name in s_steps.Append(TrackingNames.Diagnostics))
            {
                if (!result.TrackedSteps.TryGetValue(name, out var steps)) continue;
                foreach (var output in steps.SelectMany(s => s.Outputs)) AssertNoRoslynObjects(output.Value, name);
            }
            // The walk must be able to fail.
            Assert.Throws<Xunit.Sdk.FailException>(() => AssertNoRoslynObjects(new object[] { TestCompilation.Create(ModelSource) }, "self-test"));
        }

        [Fact]
        public void TheMissingModelWarningIsCachedAndHoldsNoRoslynObjects()
        {
            string source = ModelSource + "\n[Lstm(8)][Dense(2)] public partial class Unmarked { }\n";
            CSharpCompilation compilation = TestCompilation.Create(source);
            GeneratorDriver driver = TestCompilation.Driver(track: true).RunGenerators(compilation);
            GeneratorRunResult first = driver.GetRunResult().Results.Single();
            var warnings = first.TrackedSteps[TrackingNames.MissingModel].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(warnings);
            foreach (var output in warnings) AssertNoRoslynObjects(output.Value, TrackingNames.MissingModel);
            Assert.Contains(first.Diagnostics, d => d.Id == "MC0034");

            driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Other { }", TestCompilation.ParseOptions, path: "Other.cs")));
            var reasons = driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.MissingModel].SelectMany(s => s.Outputs).Select(o => o.Reason);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        }

        private static void AssertCachedAfter(Func<CSharpCompilation, CSharpCompilation> edit, bool parseMayChange = false)
        {
            CSharpCompilation compilation = TestCompilation.Create(ModelSource);
            GeneratorDriver driver = TestCompilation.Driver(track: true).RunGenerators(compilation);
            driver = driver.RunGenerators(edit(compilation));
            GeneratorRunResult result = driver.GetRunResult().Results.Single();

            foreach (string name in s_steps)
            {
                if (parseMayChange && name != TrackingNames.Plan) continue;
                var reasons = result.TrackedSteps[name].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
                Assert.NotEmpty(reasons);
                Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {r}"));
            }
            var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        private static CSharpCompilation Edit(CSharpCompilation compilation, Func<string, string> change)
        {
            SyntaxTree tree = compilation.SyntaxTrees.Single();
            return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(change(tree.ToString()))));
        }

        private static void AssertNoRoslynObjects(object? root, string step)
        {
            var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
            var pending = new Stack<object?>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                object? value = pending.Pop();
                if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value)) continue;
                if (value is ISymbol or SyntaxNode or SyntaxTree or Compilation or SemanticModel or Location)
                {
                    Assert.Fail($"{step} holds a {value.GetType().Name}");
                }
                if (value is IEnumerable items)
                {
                    foreach (object? item in items) pending.Push(item);
                }
                for (Type? type = value.GetType(); type is not null; type = type.BaseType)
                {
                    foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    {
                        if (field.FieldType.IsPointer || field.FieldType.IsByRefLike) continue;
                        pending.Push(field.GetValue(value));
                    }
                }
            }
        }
    }
}
