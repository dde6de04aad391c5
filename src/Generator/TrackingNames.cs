namespace ModelCompiler.Generator
{
    /// <summary>Names of the pipeline steps (<c>WithTrackingName</c>), public so tests can assert their caching.</summary>
    public static class TrackingNames
    {
        /// <summary>Attributes → model declaration and source map.</summary>
        public const string Parse = nameof(Parse);

        /// <summary>Checks, planning and located diagnostics.</summary>
        public const string Check = nameof(Check);

        /// <summary>The plans that reach the source output.</summary>
        public const string Plan = nameof(Plan);

        /// <summary>Whether the compilation references the runtime the generated code runs on.</summary>
        public const string Runtime = nameof(Runtime);

        /// <summary>The diagnostics that reach the diagnostics output.</summary>
        public const string Diagnostics = nameof(Diagnostics);

        /// <summary>Classes with [Input] or [Embedding] but no [Model].</summary>
        public const string MissingModel = nameof(MissingModel);
    }
}
