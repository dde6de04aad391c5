using System;
using System.Collections.Generic;

namespace Capitalizer;

/// <summary>
/// Reusable buffers for one minibatch of texts of different lengths, padded to <see cref="CaseRestorer.MaxSteps"/>
/// per row: tokens, one case label per step, and each row's real length. Filling allocates nothing.
/// </summary>
public sealed class PaddedBatch
{
    private const int MaxSteps = CaseRestorer.MaxSteps;
    private readonly int[] _tokens = new int[CaseRestorer.BatchSize * MaxSteps];
    private readonly int[] _labels = new int[CaseRestorer.BatchSize * MaxSteps];
    private readonly int[] _lengths = new int[CaseRestorer.BatchSize];

    public int Count { get; private set; }

    public ReadOnlySpan<int> Tokens => _tokens.AsSpan(0, Count * MaxSteps);
    public ReadOnlySpan<int> Labels => _labels.AsSpan(0, Count * MaxSteps);
    public ReadOnlySpan<int> Lengths => _lengths.AsSpan(0, Count);

    /// <summary>Takes <c>texts[first .. first + count)</c>, at most <see cref="CaseRestorer.BatchSize"/>.</summary>
    public void Fill(IReadOnlyList<CasedText> texts, int first, int count)
    {
        Count = count;
        for (int row = 0; row < count; row++)
        {
            CasedText text = texts[first + row];
            Copy(text.Tokens, _tokens.AsSpan(row * MaxSteps, MaxSteps));
            Copy(text.Labels, _labels.AsSpan(row * MaxSteps, MaxSteps));
            _lengths[row] = text.Length;
        }
    }

    private static void Copy(int[] source, Span<int> paddedRow)
    {
        source.CopyTo(paddedRow);
        paddedRow[source.Length..].Clear(); // masked padding, cleared so no row carries another's tail
    }
}
