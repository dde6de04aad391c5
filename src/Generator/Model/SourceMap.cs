namespace ModelCompiler.Generator.Model
{
    /// <summary>
    /// Where the class name, each attribute and each of its arguments sit in source, as plain numbers, so a
    /// <see cref="ArgRef"/> can be turned back into a location when diagnostics are reported. Kept apart from
    /// <see cref="ModelDecl"/>: edits that only move text change this map, not the model, so generation stays cached.
    /// </summary>
    internal sealed record SourceMap(SourceSpan? Class, EquatableArray<AttributeSite> Attributes)
    {
        public static SourceMap Empty { get; } = new(null, EquatableArray<AttributeSite>.Empty);

        /// <summary>
        /// The argument named or positioned as <paramref name="where"/> says; the attribute's name when the argument
        /// was not written (a default); the class name for class-level problems.
        /// </summary>
        public SourceSpan? Resolve(ArgRef where)
        {
            if (where.Attribute < 0 || where.Attribute >= Attributes.Count) return Class;
            AttributeSite site = Attributes[where.Attribute];
            foreach (ArgSite arg in site.Args)
            {
                bool byName = where.Name is not null && arg.Name == where.Name;
                bool byPosition = arg.Name is null && where.Position >= 0 && arg.Position == where.Position;
                if (byName || byPosition) return arg.Span;
            }
            return site.Name;
        }
    }

    /// <summary>A span in one file.</summary>
    internal sealed record SourceSpan(string FilePath, int Start, int Length);

    /// <summary>An attribute application: the span of its name and of each argument.</summary>
    internal sealed record AttributeSite(SourceSpan Name, EquatableArray<ArgSite> Args);

    /// <summary>
    /// One written argument: <see cref="Name"/> is the <c>name:</c> or <c>Name =</c> label (null when positional);
    /// <see cref="Position"/> counts positional arguments.
    /// </summary>
    internal sealed record ArgSite(string? Name, int Position, SourceSpan Span);
}
