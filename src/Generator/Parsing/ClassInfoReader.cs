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
        public static ClassInfo Read(INamedTypeSymbol type, bool splitAcrossDeclarations, LanguageVersion? languageVersion)
        {
            var containing = new List<ContainingType>();
            for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                containing.Insert(0, new ContainingType(Keyword(outer), outer.Name));
            }
            // The display string keeps an '@' before a keyword (namespace @class), as the declaration needs it.
            string ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
            return new ClassInfo(
                ns,
                type.Name,
                containing.ToEquatableArray(),
                HintName(ns, containing, type.Name),
                FirstNotPartial(type),
                IsGeneric(type),
                type.IsStatic ? "static" : type.IsRecord ? "a record" : null,
                splitAcrossDeclarations,
                FirstFileLocal(type),
                languageVersion is { } version && version < LanguageVersion.CSharp12 ? version.ToDisplayString() : null,
                TakenNames(type),
                HiddenNames(type),
                languageVersion is { } old && old < LanguageVersion.CSharp9,
                MethodSignatures(type),
                HidesBaseMethods(type),
                GeneratedFileInSources(type));
        }

        /// <summary>Whether <paramref name="member"/> is declared in a copy of generated code compiled as a source file.</summary>
        private static bool InGeneratedCopy(ISymbol member) => member.Locations.Any(l => GeneratedFiles.IsGenerated(l.SourceTree?.FilePath));

        /// <summary>See <see cref="ClassInfo.CompiledTwice"/>.</summary>
        private static string? GeneratedFileInSources(INamedTypeSymbol type) =>
            type.GetMembers().Where(m => !m.IsImplicitlyDeclared).SelectMany(m => m.Locations)
                .Select(l => l.SourceTree?.FilePath).FirstOrDefault(GeneratedFiles.IsGenerated);

        /// <summary>See <see cref="ClassInfo.HidesBaseMethods"/>.</summary>
        private static bool HidesBaseMethods(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? baseType = type.BaseType; baseType is { SpecialType: not SpecialType.System_Object }; baseType = baseType.BaseType)
            {
                if (baseType.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownTypes.ModelAttribute)) return true;
                if (baseType.GetMembers().Any(m => m.DeclaredAccessibility != Accessibility.Private && !m.IsImplicitlyDeclared && GeneratedMemberNames.IsMethod(m.Name))) return true;
            }
            return false;
        }

        private static readonly SymbolDisplayFormat s_parameterType = new(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
            genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
            miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

        /// <summary>The class's own methods named like generated ones, as <c>Name(type, …)</c> with <c>in</c>/<c>out</c>/<c>ref</c>.</summary>
        private static EquatableArray<string> MethodSignatures(INamedTypeSymbol type)
        {
            var signatures = new SortedSet<string>(System.StringComparer.Ordinal);
            foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
            {
                if (method.IsImplicitlyDeclared || !GeneratedMemberNames.IsMethod(method.Name) || InGeneratedCopy(method)) continue;
                signatures.Add(GeneratedMethodSignatures.Format(method.Name, method.Parameters.Select(p => RefPrefix(p.RefKind) + p.Type.ToDisplayString(s_parameterType))));
            }
            return signatures.ToEquatableArray();
        }

        private static string RefPrefix(RefKind kind) => kind switch
        {
            RefKind.In => "in ",
            RefKind.Out => "out ",
            RefKind.Ref => "ref ",
            _ => "",
        };

        /// <summary>
        /// Generated non-method members whose names a base class (not object) already uses for an accessible member:
        /// the model emitter declares its constants, properties, fields and buffer types of these names <c>new</c>, or the
        /// hiding would warn (CS0108) inside generated code. Methods are left out (whether one hides another depends on
        /// its parameters: see <see cref="HidesBaseMethods"/>), and so are the compiled step's private helpers
        /// (<c>_compiled</c>, <c>CompiledStep</c>, the kernels), which a base class would have to declare protected under
        /// those exact names.
        /// </summary>
        private static EquatableArray<string> HiddenNames(INamedTypeSymbol type)
        {
            var hidden = new SortedSet<string>(System.StringComparer.Ordinal);
            for (INamedTypeSymbol? baseType = type.BaseType; baseType is { SpecialType: not SpecialType.System_Object }; baseType = baseType.BaseType)
            {
                foreach (ISymbol member in baseType.GetMembers())
                {
                    if (member.DeclaredAccessibility != Accessibility.Private && !member.IsImplicitlyDeclared
                        && GeneratedMemberNames.Contains(member.Name) && !GeneratedMemberNames.IsMethod(member.Name))
                    {
                        hidden.Add(member.Name);
                    }
                }
            }
            return hidden.ToEquatableArray();
        }

        /// <summary>
        /// The class's own name and its declared members that a generated member would collide with: any member of a
        /// generated name, except a method where the generated member is a method too (an overload).
        /// </summary>
        private static EquatableArray<NameClash> TakenNames(INamedTypeSymbol type)
        {
            var clashes = new List<NameClash>();
            if (GeneratedMemberNames.Contains(type.Name)) clashes.Add(new NameClash("the class name", type.Name));
            foreach (ISymbol member in type.GetMembers())
            {
                if (member.IsImplicitlyDeclared || !GeneratedMemberNames.Contains(member.Name) || InGeneratedCopy(member)) continue;
                if (member is IMethodSymbol && GeneratedMemberNames.IsMethod(member.Name)) continue;
                clashes.Add(new NameClash(member switch
                {
                    IMethodSymbol => "method",
                    IPropertySymbol => "property",
                    IFieldSymbol { IsConst: true } => "constant",
                    IFieldSymbol => "field",
                    IEventSymbol => "event",
                    _ => "nested type",
                }, member.Name));
            }
            return clashes.ToEquatableArray();
        }

        /// <summary>
        /// The full name without '@' (not allowed in a hint name) and a 64-bit hash of it: Roslyn compares hint names
        /// ignoring case, so models named H.Net and H.NET would otherwise collide and fail the whole generator (a 32-bit hash
        /// could be made to collide too). The hash separates nesting ('+') from namespaces ('.'): class B in namespace N.A
        /// and class B nested in class N.A are different models with the same dotted name.
        /// </summary>
        private static string HintName(string ns, IEnumerable<ContainingType> containing, string name)
        {
            string[] types = containing.Select(c => c.Name).Concat(new[] { name }).ToArray();
            string full = string.Join(".", new[] { ns }.Concat(types).Where(s => s.Length > 0)).Replace("@", "");
            string hashed = ns + "/" + string.Join("+", types);
            ulong hash = 14695981039346656037UL; // FNV-1a over the UTF-16 code units: stable across runs and platforms
            foreach (char ch in hashed) hash = unchecked((hash ^ ch) * 1099511628211UL);
            return full + "." + hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>The model class or an enclosing type declared <c>file</c>, whose partial parts cannot be in another file; or null.</summary>
        private static string? FirstFileLocal(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
            {
                if (t.IsFileLocal) return t.Name;
            }
            return null;
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
