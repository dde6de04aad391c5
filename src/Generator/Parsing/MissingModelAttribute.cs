using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelCompiler.Generator.Diagnostics;
using ModelCompiler.Generator.Model;

namespace ModelCompiler.Generator.Parsing
{
    /// <summary>
    /// A class with <c>[Input]</c> or <c>[Embedding]</c> but no <c>[Model]</c>: nothing is generated for it, and without
    /// a word the first sign would be CS1061 ("no definition for Predict") wherever it is used. Reported on that attribute.
    /// </summary>
    internal static class MissingModelAttribute
    {
        public static DiagnosticInfo? Check(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type) return null;
            if (type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownTypes.ModelAttribute)) return null;
            AttributeData attribute = context.Attributes[0];
            // On the attribute's name, as the other whole-attribute diagnostics are.
            SyntaxNode? syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax a ? a.Name : null;
            SourceSpan? where = syntax is null ? null : new SourceSpan(syntax.SyntaxTree.FilePath, syntax.Span.Start, syntax.Span.Length);
            string name = attribute.AttributeClass!.Name;
            if (name.EndsWith("Attribute", System.StringComparison.Ordinal)) name = name.Substring(0, name.Length - "Attribute".Length);
            return new DiagnosticInfo(DiagnosticIds.ModelAttributeMissing, where, new[] { type.Name, name }.ToEquatableArray());
        }
    }
}
