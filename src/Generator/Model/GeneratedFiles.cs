namespace ModelCompiler.Generator.Model
{
    /// <summary>How the generator names a model's source file: the emitter writes it, the parser recognises a copy of it.</summary>
    internal static class GeneratedFiles
    {
        /// <summary>The end of every generated model file's name (after the class's hint name).</summary>
        public const string Suffix = ".Model.g.cs";

        /// <summary>Whether <paramref name="path"/> names a generated model file (or a copy of one among a project's sources).</summary>
        public static bool IsGenerated(string? path) => path?.EndsWith(Suffix, System.StringComparison.OrdinalIgnoreCase) == true;
    }
}
