using System;
using System.Collections.Generic;

namespace LanguageId;

/// <summary>
/// Reusable buffers for one minibatch of sentences of different lengths: tokens padded to
/// <see cref="LanguageClassifier.MaxSteps"/> per row, each row's real length, and the labels. Filling allocates nothing.
/// </summary>
public sealed class PaddedBatch
{
    private readonly int[] _tokens = new int[LanguageClassifier.BatchSize * LanguageClassifier.MaxSteps];
    private readonly int[] _lengths = new int[LanguageClassifier.BatchSize];
    private readonly int[] _labels = new int[LanguageClassifier.BatchSize];

    public int Count { get; private set; }

    public ReadOnlySpan<int> Tokens => _tokens.AsSpan(0, Count * LanguageClassifier.MaxSteps);
    public ReadOnlySpan<int> Lengths => _lengths.AsSpan(0, Count);
    public ReadOnlySpan<int> Labels => _labels.AsSpan(0, Count);

    /// <summary>Takes up to <see cref="LanguageClassifier.BatchSize"/> sentences, <c>sentences[order[start..]]</c>.</summary>
    public void Fill(IReadOnlyList<LabeledSentence> sentences, ReadOnlySpan<int> order, int start)
    {
        Count = Math.Min(LanguageClassifier.BatchSize, order.Length - start);
        for (int row = 0; row < Count; row++)
        {
            LabeledSentence sentence = sentences[order[start + row]];
            Span<int> padded = _tokens.AsSpan(row * LanguageClassifier.MaxSteps, LanguageClassifier.MaxSteps);
            sentence.Tokens.CopyTo(padded);
            padded[sentence.Tokens.Length..].Clear(); // never read (masked), cleared so a row never shows another's tail
            _lengths[row] = sentence.Tokens.Length;
            _labels[row] = sentence.Language;
        }
    }
}
