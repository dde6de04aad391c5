using System;

namespace Capitalizer;

/// <summary>
/// The hand-written rule a model has to beat: upper-case the first letter of the text, the first letter after a
/// '.', '!' or '?', and the word "i" on its own.
/// </summary>
public static class SentenceStartRule
{
    public static void Tag(ReadOnlySpan<char> lowered, Span<int> labels)
    {
        bool sentenceStart = true;
        for (int i = 0; i < lowered.Length; i++)
        {
            char c = lowered[i];
            bool standaloneI = c == 'i' && !IsLetter(lowered, i - 1) && !IsLetter(lowered, i + 1);
            labels[i] = char.IsLetter(c) && (sentenceStart || standaloneI) ? CaseRestorer.Upper : CaseRestorer.Lower;
            if (c is '.' or '!' or '?') sentenceStart = true;
            else if (char.IsLetterOrDigit(c)) sentenceStart = false;
        }
    }

    private static bool IsLetter(ReadOnlySpan<char> text, int index) => index >= 0 && index < text.Length && char.IsLetter(text[index]);
}
