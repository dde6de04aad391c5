using System;

namespace LanguageId;

/// <summary>The languages told apart, in class-index order (the codes used in <c>language-sentences.tsv</c>).</summary>
public static class Languages
{
    public const int Count = 4;

    public static readonly string[] Codes = ["en", "de", "es", "it"];

    public static int IndexOf(string code)
    {
        int index = Array.IndexOf(Codes, code);
        return index >= 0 ? index : throw new FormatException($"Unknown language code '{code}' (expected one of {string.Join(", ", Codes)}).");
    }
}
