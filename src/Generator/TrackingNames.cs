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

        /// <summary>The diagnostics that reach the diagnostics output.</summary>
        public const string Diagnostics = nameof(Diagnostics);
    }
}
