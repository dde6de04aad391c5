using System;
using ModelCompiler.Runtime.Data;

namespace Capitalizer;

/// <summary>
/// A text as the model sees it: lower-cased, tokenized, and led by a start symbol; with the case each character
/// originally had as its labels (the start symbol's label is <see cref="CaseRestorer.Lower"/>).
/// </summary>
public sealed class CasedText
{
    /// <summary>
    /// Leads every sequence. Without it the forward LSTM's first state barely differs from one in mid-text, and
    /// the first letter of a text, which is always a capital, is the one it most often gets wrong.
    /// </summary>
    public const char StartSymbol = '\n';

    public CasedText(string original, CharVocabulary lowerVocabulary)
    {
        Original = original;
        Sequence = StartSymbol + original;
        Tokens = lowerVocabulary.Encode(Sequence.ToLowerInvariant());
        Labels = new int[Sequence.Length];
        for (int i = 0; i < Sequence.Length; i++) Labels[i] = char.IsUpper(Sequence[i]) ? CaseRestorer.Upper : CaseRestorer.Lower;
    }

    public string Original { get; }

    /// <summary>The start symbol followed by the original text, one character per step.</summary>
    public string Sequence { get; }

    public int[] Tokens { get; }
    public int[] Labels { get; }
    public int Length => Tokens.Length;

    /// <summary>The lower-cased original with the steps tagged <see cref="CaseRestorer.Upper"/> in <paramref name="labels"/> upper-cased.</summary>
    public string Restore(ReadOnlySpan<int> labels)
    {
        char[] restored = Sequence.ToLowerInvariant().ToCharArray();
        for (int i = 0; i < restored.Length; i++)
            if (labels[i] == CaseRestorer.Upper) restored[i] = char.ToUpperInvariant(restored[i]);
        return new string(restored, 1, restored.Length - 1);
    }
}
