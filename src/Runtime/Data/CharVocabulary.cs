using System;
using System.Collections.Generic;

namespace ModelCompiler.Runtime.Data;

/// <summary>
/// Maps characters to token ids for character-level models. Id 0 is the unknown symbol (characters not seen when
/// the vocabulary was built); the others are the known characters in ordinal order, so the same text always
/// gives the same ids.
/// </summary>
public sealed class CharVocabulary
{
    /// <summary>Id of characters outside the vocabulary.</summary>
    public const int UnknownId = 0;

    /// <summary>What <see cref="Decode(int)"/> returns for the unknown id.</summary>
    public const char UnknownSymbol = '\uFFFD';

    private readonly char[] _symbols;
    private readonly Dictionary<char, int> _ids;

    /// <summary>A vocabulary of exactly these characters (e.g. restored from <see cref="Symbols"/>, which starts with the unknown symbol).</summary>
    public CharVocabulary(IEnumerable<char> symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var known = new List<char> { UnknownSymbol };
        _ids = new Dictionary<char, int>();
        foreach (char symbol in symbols)
        {
            if (symbol == UnknownSymbol || _ids.ContainsKey(symbol)) continue;
            _ids.Add(symbol, known.Count);
            known.Add(symbol);
        }
        _symbols = known.ToArray();
    }

    /// <summary>Ids in use, including the unknown id: the <c>vocab</c> of the model's Embedding and output layer.</summary>
    public int Count => _symbols.Length;

    /// <summary>The character of each id; index 0 is <see cref="UnknownSymbol"/>.</summary>
    public IReadOnlyList<char> Symbols => _symbols;

    /// <summary>Every character that occurs at least <paramref name="minCount"/> times in <paramref name="texts"/>.</summary>
    public static CharVocabulary Build(IEnumerable<string> texts, int minCount = 1)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var counts = new Dictionary<char, int>();
        foreach (string text in texts)
            foreach (char c in text) counts[c] = counts.GetValueOrDefault(c) + 1;
        var symbols = new List<char>();
        foreach (KeyValuePair<char, int> entry in counts)
            if (entry.Value >= minCount) symbols.Add(entry.Key);
        symbols.Sort();
        return new CharVocabulary(symbols);
    }

    /// <summary>Every character of <paramref name="text"/>.</summary>
    public static CharVocabulary Build(string text) => Build([text]);

    /// <summary>The id of <paramref name="symbol"/>, or <see cref="UnknownId"/>.</summary>
    public int Encode(char symbol) => _ids.TryGetValue(symbol, out int id) ? id : UnknownId;

    /// <summary>Ids of every character of <paramref name="text"/> into <paramref name="ids"/> (same length); allocates nothing.</summary>
    public void Encode(ReadOnlySpan<char> text, Span<int> ids)
    {
        if (ids.Length != text.Length) throw new ArgumentException($"ids must hold {text.Length} values (one per character), but it holds {ids.Length}.", nameof(ids));
        for (int i = 0; i < text.Length; i++) ids[i] = Encode(text[i]);
    }

    /// <summary>Ids of every character of <paramref name="text"/>.</summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int[] ids = new int[text.Length];
        Encode(text, ids);
        return ids;
    }

    /// <summary>The character of <paramref name="id"/>.</summary>
    public char Decode(int id) =>
        (uint)id < (uint)_symbols.Length ? _symbols[id] : throw new ArgumentOutOfRangeException(nameof(id), id, $"Ids are 0..{_symbols.Length - 1}.");

    /// <summary>The text of <paramref name="ids"/>.</summary>
    public string Decode(ReadOnlySpan<int> ids)
    {
        char[] text = new char[ids.Length];
        for (int i = 0; i < ids.Length; i++) text[i] = Decode(ids[i]);
        return new string(text);
    }
}
