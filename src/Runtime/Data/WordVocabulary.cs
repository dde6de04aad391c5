using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ModelCompiler.Runtime.Data;

/// <summary>
/// Maps words to token ids for word-level models. Text is split into words (runs of letters, digits and
/// apostrophes) and single punctuation marks; id 0 is <see cref="UnknownToken"/>. Built vocabularies order words by
/// frequency, then ordinally, like Keras' <c>Tokenizer</c>, so the same corpus always gives the same ids.
/// </summary>
public sealed class WordVocabulary
{
    /// <summary>Id of words outside the vocabulary.</summary>
    public const int UnknownId = 0;

    /// <summary>The token standing for every unknown word.</summary>
    public const string UnknownToken = "<unk>";

    private readonly string[] _words;
    private readonly Dictionary<string, int> _ids;

    /// <summary>A vocabulary of exactly these words, in this order after the unknown token (e.g. restored from <see cref="Words"/>).</summary>
    public WordVocabulary(IEnumerable<string> words, bool lowerCase = true)
    {
        ArgumentNullException.ThrowIfNull(words);
        LowerCase = lowerCase;
        var known = new List<string> { UnknownToken };
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string word in words)
        {
            if (word == UnknownToken || _ids.ContainsKey(word)) continue;
            _ids.Add(word, known.Count);
            known.Add(word);
        }
        _words = known.ToArray();
    }

    /// <summary>Whether text is lower-cased (invariant culture) before lookup.</summary>
    public bool LowerCase { get; }

    /// <summary>Ids in use, including the unknown id.</summary>
    public int Count => _words.Length;

    /// <summary>The word of each id; index 0 is <see cref="UnknownToken"/>.</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>
    /// The words of <paramref name="texts"/> that occur at least <paramref name="minCount"/> times, most frequent
    /// first, at most <paramref name="maxWords"/> of them (the unknown token not counted).
    /// </summary>
    public static WordVocabulary Build(IEnumerable<string> texts, int minCount = 1, int maxWords = int.MaxValue, bool lowerCase = true)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string text in texts)
            foreach (string word in Tokenize(text, lowerCase)) counts[word] = counts.GetValueOrDefault(word) + 1;
        var ranked = new List<KeyValuePair<string, int>>();
        foreach (KeyValuePair<string, int> entry in counts)
            if (entry.Value >= minCount) ranked.Add(entry);
        ranked.Sort((x, y) => x.Value != y.Value ? y.Value.CompareTo(x.Value) : string.CompareOrdinal(x.Key, y.Key));
        var words = new List<string>();
        for (int i = 0; i < ranked.Count && i < maxWords; i++) words.Add(ranked[i].Key);
        return new WordVocabulary(words, lowerCase);
    }

    /// <summary>Splits text into words and punctuation marks; whitespace separates and is dropped.</summary>
    public static List<string> Tokenize(string text, bool lowerCase = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var word = new StringBuilder();
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c) || c == '\'')
            {
                word.Append(lowerCase ? char.ToLowerInvariant(c) : c);
                continue;
            }
            if (word.Length > 0) tokens.Add(word.ToString());
            word.Clear();
            if (!char.IsWhiteSpace(c)) tokens.Add(c.ToString(CultureInfo.InvariantCulture));
        }
        if (word.Length > 0) tokens.Add(word.ToString());
        return tokens;
    }

    /// <summary>The id of one word (lower-cased if <see cref="LowerCase"/>), or <see cref="UnknownId"/>.</summary>
    public int Encode(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return _ids.TryGetValue(LowerCase ? word.ToLowerInvariant() : word, out int id) ? id : UnknownId;
    }

    /// <summary>The ids of the words of <paramref name="text"/>.</summary>
    public int[] EncodeText(string text)
    {
        List<string> tokens = Tokenize(text, LowerCase);
        int[] ids = new int[tokens.Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = _ids.TryGetValue(tokens[i], out int id) ? id : UnknownId;
        return ids;
    }

    /// <summary>The word of <paramref name="id"/>.</summary>
    public string Decode(int id) =>
        (uint)id < (uint)_words.Length ? _words[id] : throw new ArgumentOutOfRangeException(nameof(id), id, $"Ids are 0..{_words.Length - 1}.");

    /// <summary>The words of <paramref name="ids"/>, separated by spaces.</summary>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var text = new StringBuilder();
        for (int i = 0; i < ids.Length; i++)
        {
            if (i > 0) text.Append(' ');
            text.Append(Decode(ids[i]));
        }
        return text.ToString();
    }
}
