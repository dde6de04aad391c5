using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace WordReverser;

/// <summary>Words of the English fortunes as letter tokens: a–z are 1–26; 0 is the decoder's start and end mark.</summary>
public static class Letters
{
    public const int MaxWord = 12;
    public const int Mark = 0;

    /// <summary>The distinct lower-case words of 3 to <see cref="MaxWord"/> letters in <paramref name="path"/>, in a seeded random order.</summary>
    public static int[][] Words(string path, int seed)
    {
        string text = File.ReadAllText(path).ToLowerInvariant();
        int[][] words = Regex.Matches(text, "[a-z]+").Select(m => m.Value)
            .Where(w => w.Length >= 3 && w.Length <= MaxWord)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .Select(w => w.Select(c => c - 'a' + 1).ToArray())
            .ToArray();
        new Random(seed).Shuffle(words);
        return words;
    }

    public static string Text(IEnumerable<int> tokens) => new(tokens.Select(t => (char)('a' + t - 1)).ToArray());
}
