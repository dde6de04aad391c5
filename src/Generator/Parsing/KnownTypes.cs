using Microsoft.CodeAnalysis;

namespace ModelCompiler.Generator.Parsing
{
    /// <summary>Metadata names of the attributes the generator reads (assembly <c>ModelCompiler.Attributes</c>).</summary>
    internal static class KnownTypes
    {
        public const string Namespace = "ModelCompiler";
        public const string ModelAttribute = "ModelCompiler.ModelAttribute";
        public const string InputAttribute = "ModelCompiler.InputAttribute";
        public const string EmbeddingAttribute = "ModelCompiler.EmbeddingAttribute";

        /// <summary>The engine every generated model wraps (assembly <c>ModelCompiler.Runtime</c>).</summary>
        public const string Network = "ModelCompiler.Runtime.Network";

        /// <summary>Whether <paramref name="type"/> is declared directly in namespace <c>ModelCompiler</c>.</summary>
        public static bool IsOurs(INamedTypeSymbol type) =>
            type.TypeKind != TypeKind.Error
            && type.ContainingNamespace is { Name: Namespace } ns
            && ns.ContainingNamespace is { IsGlobalNamespace: true };
    }
}
