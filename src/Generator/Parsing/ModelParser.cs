using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis;
using ModelCompiler.Generator.Diagnostics;
using ModelCompiler.Generator.Model;

namespace ModelCompiler.Generator.Parsing
{
    /// <summary>
    /// Stage 1 (the only stage that sees symbols): turns the <c>[Model]</c> class and its attributes into a
    /// <see cref="ModelDecl"/> plus a <see cref="SourceMap"/>. Nothing Roslyn-owned leaves this class.
    /// </summary>
    internal static class ModelParser
    {
        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            SourceMap map = SourceMap.Empty;
            try
            {
                var type = (INamedTypeSymbol)context.TargetSymbol;
                List<AttributeData> attributes = OrderedAttributes(type, cancellationToken);
                map = SourceMapBuilder.Build(context.TargetNode, attributes, cancellationToken);
                // [Model] on two parts of one class: the compiler reports it (CS0579), and each part arrives here as a
                // model of its own, whose sources would share a name and fail the whole generator. Nothing for either.
                if (attributes.Count(a => a.AttributeClass!.Name == "ModelAttribute") > 1 || attributes.Any(a => new AttributeValues(a).IsMalformed))
                {
                    return new ParseResult(null, map, EquatableArray<Problem>.Empty);
                }
                ModelDecl decl = BuildDecl(type, attributes, context.TargetNode.SyntaxTree.Options as CSharpParseOptions, cancellationToken);
                return new ParseResult(decl, map, EquatableArray<Problem>.Empty);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception e)
            {
                var problem = new Problem(DiagnosticIds.InternalError, ArgRef.Class, context.TargetSymbol.Name, e.Message);
                return new ParseResult(null, map, new[] { problem }.ToEquatableArray());
            }
        }

        /// <summary>Our attributes in source order (file, then position): layer order is declaration order.</summary>
        private static List<AttributeData> OrderedAttributes(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var result = new List<AttributeData>();
            foreach (AttributeData attribute in type.GetAttributes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (attribute.AttributeClass is { } cls && KnownTypes.IsOurs(cls) && attribute.ApplicationSyntaxReference is not null)
                {
                    result.Add(attribute);
                }
            }
            return result
                .OrderBy(a => a.ApplicationSyntaxReference!.SyntaxTree.FilePath, StringComparer.Ordinal)
                .ThenBy(a => a.ApplicationSyntaxReference!.Span.Start)
                .ToList();
        }

        private static ModelDecl BuildDecl(INamedTypeSymbol type, List<AttributeData> attributes, CSharpParseOptions? parseOptions, CancellationToken cancellationToken)
        {
            ModelOptionsDecl? options = null;
            var decls = new List<AttributeDecl>();
            for (int i = 0; i < attributes.Count; i++)
            {
                var values = new AttributeValues(attributes[i]);
                if (attributes[i].AttributeClass!.Name == "ModelAttribute")
                {
                    options ??= ReadOptions(i, values);
                }
                else if (AttributeReader.Read(attributes[i].AttributeClass!.Name, i, values) is { } decl)
                {
                    decls.Add(decl);
                }
            }
            // Only the order of the input and the layers matters: [Model], [Loss] or an optimizer may sit on another part.
            bool split = attributes
                .Where(a => s_ordered.Contains(a.AttributeClass!.Name))
                .Select(a => a.ApplicationSyntaxReference!.GetSyntax(cancellationToken).Parent?.Parent)
                .Distinct()
                .Count() > 1;
            ClassInfo info = ClassInfoReader.Read(type, split, parseOptions?.LanguageVersion);
            return new ModelDecl(info, options ?? new ModelOptionsDecl(-1, 0, false, 0, false, 32, 42, UnrollPolicy.Auto), decls.ToEquatableArray());
        }

        private static readonly HashSet<string> s_ordered = new()
        {
            "InputAttribute", "EmbeddingAttribute", "RnnAttribute", "LstmAttribute", "GruAttribute", "DenseAttribute", "DropoutAttribute",
        };

        private static ModelOptionsDecl ReadOptions(int index, AttributeValues values) => new(
            index,
            values.Int("Steps", 0),
            values.Has("Steps"),
            values.Int("MaxSteps", 0),
            values.Has("MaxSteps"),
            values.Int("Batch", 32),
            values.Int("Seed", 42),
            (UnrollPolicy)values.Int("Unroll", (int)UnrollPolicy.Auto));
    }
}
