using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelCompiler.Generator.Model;

namespace ModelCompiler.Generator.Parsing
{
    /// <summary>Reads the identity of the model class and its enclosing types from the symbol.</summary>
    internal static class ClassInfoReader
    {
        public static ClassInfo Read(INamedTypeSymbol type, bool splitAcrossDeclarations)
        {
            var containing = new List<ContainingType>();
            for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                containing.Insert(0, new ContainingType(Keyword(outer), outer.Name));
            }
            string ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
            string hint = string.Join(".", new[] { ns }.Concat(containing.Select(c => c.Name)).Concat(new[] { type.Name }).Where(s => s.Length > 0));
            return new ClassInfo(
                ns,
                type.Name,
                containing.ToEquatableArray(),
                hint,
                FirstNotPartial(type),
                IsGeneric(type),
                type.IsStatic ? "static" : type.IsRecord ? "a record" : null,
                splitAcrossDeclarations);
        }

        private static string Keyword(INamedTypeSymbol type)
        {
            if (type.IsRecord) return type.TypeKind == TypeKind.Struct ? "record struct" : "record";
            return type.TypeKind switch
            {
                TypeKind.Struct => "struct",
                TypeKind.Interface => "interface",
                _ => "class",
            };
        }

        /// <summary>The model class or the innermost enclosing type with a declaration lacking <c>partial</c>.</summary>
        private static string? FirstNotPartial(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
            {
                foreach (SyntaxReference reference in t.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is TypeDeclarationSyntax declaration
                        && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                    {
                        return t.Name;
                    }
                }
            }
            return null;
        }

        private static bool IsGeneric(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
            {
                if (t.TypeParameters.Length > 0) return true;
            }
            return false;
        }
    }
}
