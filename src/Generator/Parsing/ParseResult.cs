using ModelCompiler.Generator.Diagnostics;
using ModelCompiler.Generator.Model;

namespace ModelCompiler.Generator.Parsing
{
    /// <summary>
    /// Output of the parse stage: the model (null when the compiler already reports the attribute usage as
    /// invalid, or the parser failed), the source map for diagnostics, and parse-time problems (internal errors).
    /// </summary>
    internal sealed record ParseResult(ModelDecl? Decl, SourceMap Map, EquatableArray<Problem> Problems);
}
