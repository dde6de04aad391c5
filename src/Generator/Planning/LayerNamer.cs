using System.Collections.Generic;
using ModelCompiler.Generator.Model;

namespace ModelCompiler.Generator.Planning
{
    /// <summary>
    /// Resolves layer names: the user's <c>Name</c>, else the kind in lower case with <c>_1</c>, <c>_2</c> … on
    /// repeats of the same kind (<c>lstm</c>, <c>lstm_1</c>), counting every earlier layer of that kind.
    /// </summary>
    internal static class LayerNamer
    {
        public static string[] Resolve(IReadOnlyList<LayerDecl> layers)
        {
            var seen = new Dictionary<string, int>();
            var names = new string[layers.Count];
            for (int i = 0; i < layers.Count; i++)
            {
                string kind = layers[i].Kind;
                seen.TryGetValue(kind, out int count);
                seen[kind] = count + 1;
                names[i] = layers[i].Name ?? (count == 0 ? kind : kind + "_" + count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            return names;
        }
    }
}
