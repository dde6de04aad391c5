using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using ModelCompiler.Generator.Model;

namespace ModelCompiler.Generator.Parsing
{
    /// <summary>Records the spans of the class name, attribute names and attribute arguments as plain numbers.</summary>
    internal static class SourceMapBuilder
    {
        public static SourceMap Build(SyntaxNode target, List<AttributeData> attributes, CancellationToken cancellationToken)
        {
            SourceSpan? classSpan = target is BaseTypeDeclarationSyntax declaration
                ? Span(target.SyntaxTree, declaration.Identifier.Span)
                : Span(target.SyntaxTree, target.Span);
            var sites = new List<AttributeSite>();
            foreach (AttributeData attribute in attributes)
            {
                var syntax = (AttributeSyntax)attribute.ApplicationSyntaxReference!.GetSyntax(cancellationToken);
                var args = new List<ArgSite>();
                int position = 0;
                foreach (AttributeArgumentSyntax arg in syntax.ArgumentList?.Arguments ?? default)
                {
                    string? label = arg.NameEquals?.Name.Identifier.ValueText ?? arg.NameColon?.Name.Identifier.ValueText;
                    args.Add(new ArgSite(label, label is null ? position : -1, Span(syntax.SyntaxTree, arg.Span)));
                    if (arg.NameEquals is null) position++;
                }
                sites.Add(new AttributeSite(Span(syntax.SyntaxTree, syntax.Name.Span), args.ToEquatableArray()));
            }
            return new SourceMap(classSpan, sites.ToEquatableArray());
        }

        private static SourceSpan Span(SyntaxTree tree, TextSpan span) => new(tree.FilePath, span.Start, span.Length);
    }
}
