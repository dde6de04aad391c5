namespace ModelCompiler.Generator.Emit
{
    /// <summary>The version written into <c>[GeneratedCode]</c>: this assembly's version.</summary>
    public static class GeneratorVersion
    {
        public static string Value { get; } = typeof(GeneratorVersion).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";
    }
}
