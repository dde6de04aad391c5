using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelCompiler.Generator.Diagnostics;
using ModelCompiler.Generator.Model;

namespace ModelCompiler.Generator.Parsing
{
    /// <summary>
    /// A class with an input or layer attribute but no <c>[Model]</c>: nothing is generated for it, and without a word
    /// the first sign would be CS1061 ("no definition for Predict") wherever it is used. Reported once, on the first of
    /// those attributes (each kind has its own pipeline; only the one holding the first reports).
    /// </summary>
    internal static class MissingModelAttribute
    {
        /// <summary>The attributes that declare a model's input and layers.</summary>
        public static readonly string[] LayerAttributes =
        {
            KnownTypes.InputAttribute, KnownTypes.EmbeddingAttribute, "ModelCompiler.RnnAttribute", "ModelCompiler.LstmAttribute",
            "ModelCompiler.GruAttribute", "ModelCompiler.DenseAttribute", "ModelCompiler.DropoutAttribute",
        };

        public static DiagnosticInfo? Check(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type) return null;
            var attributes = type.GetAttributes();
            if (attributes.Any(a => a.AttributeClass?.ToDisplayString() == KnownTypes.ModelAttribute)) return null;
            AttributeData attribute = context.Attributes[0];
            AttributeData? first = attributes.FirstOrDefault(a => System.Array.IndexOf(LayerAttributes, a.AttributeClass?.ToDisplayString()) >= 0);
            if (first?.ApplicationSyntaxReference is not { } firstSyntax || attribute.ApplicationSyntaxReference is not { } thisSyntax
                || firstSyntax.SyntaxTree != thisSyntax.SyntaxTree || firstSyntax.Span != thisSyntax.Span)
                return null;
            // On the attribute's name, as the other whole-attribute diagnostics are.
            SyntaxNode? syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax a ? a.Name : null;
            SourceSpan? where = syntax is null ? null : new SourceSpan(syntax.SyntaxTree.FilePath, syntax.Span.Start, syntax.Span.Length);
            string name = attribute.AttributeClass!.Name;
            if (name.EndsWith("Attribute", System.StringComparison.Ordinal)) name = name.Substring(0, name.Length - "Attribute".Length);
            return new DiagnosticInfo(DiagnosticIds.ModelAttributeMissing, where, new[] { type.Name, name }.ToEquatableArray());
        }
    }
}
