using System;
using System.IO;
using System.Runtime.CompilerServices;
using ModelCompiler.Generator.Emit;
using Xunit;

namespace ModelCompiler.Generator.Tests
{
    /// <summary>
    /// Exact generated text for a tiny model, so reviewers see what the generator writes. To accept an intended
    /// change, run the tests with MODELCOMPILER_UPDATE_BASELINES=1 and review the diff of Baselines/.
    /// </summary>
    public class BaselineTests
    {
        private const string Source = """
            using ModelCompiler;
            namespace Demo;
            [Model(Steps = 4, Batch = 2)]
            [Input(3)]
            [Gru(5, Name = "gru")]
            [Dense(2, Name = "head")]
            [Loss(LossKind.CrossEntropy)]
            [Adam(LearningRate = 0.01f)]
            public partial class Tiny;
            """;

        [Fact]
        public void TinyModel()
        {
            string actual = TestCompilation.GeneratedText(Source).Replace(GeneratorVersion.Value, "%VERSION%");
            string path = Path.Combine(SourceDirectory(), "Baselines", "Demo.Tiny.Model.g.cs.txt");
            if (Environment.GetEnvironmentVariable("MODELCOMPILER_UPDATE_BASELINES") == "1") File.WriteAllText(path, actual);
            Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n"), actual);
        }

        private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
    }
}
