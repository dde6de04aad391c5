using ModelCompiler.Generator.Model;

namespace ModelCompiler.Generator.Diagnostics
{
    /// <summary>
    /// A <see cref="Problem"/> with its <see cref="ArgRef"/>s resolved to spans (<paramref name="Also"/>: the additional
    /// location, or null): still plain values, so it is cacheable.
    /// </summary>
    internal sealed record DiagnosticInfo(string Id, SourceSpan? Where, EquatableArray<string> Args, SourceSpan? Also = null);
}
