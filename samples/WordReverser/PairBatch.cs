using System;

namespace WordReverser;

/// <summary>
/// Reusable buffers for one minibatch of words: the encoder's tokens and lengths, and the decoder's inputs (start mark,
/// then the reversed word), targets (the reversed word, then the end mark) and lengths (one more than the word).
/// Filling allocates nothing.
/// </summary>
public sealed class PairBatch
{
    private const int Source = WordEncoder.MaxSteps, Target = ReversedWordDecoder.MaxSteps;

    private readonly int[] _source = new int[WordEncoder.BatchSize * Source];
    private readonly int[] _sourceLengths = new int[WordEncoder.BatchSize];
    private readonly int[] _decoderInputs = new int[WordEncoder.BatchSize * Target];
    private readonly int[] _targets = new int[WordEncoder.BatchSize * Target];
    private readonly int[] _targetLengths = new int[WordEncoder.BatchSize];

    public int Count { get; private set; }

    public ReadOnlySpan<int> SourceTokens => _source.AsSpan(0, Count * Source);
    public ReadOnlySpan<int> SourceLengths => _sourceLengths.AsSpan(0, Count);
    public ReadOnlySpan<int> DecoderInputs => _decoderInputs.AsSpan(0, Count * Target);
    public ReadOnlySpan<int> Targets => _targets.AsSpan(0, Count * Target);
    public ReadOnlySpan<int> TargetLengths => _targetLengths.AsSpan(0, Count);

    /// <summary>Takes up to <see cref="WordEncoder.BatchSize"/> words, <c>words[order[start..]]</c>.</summary>
    public void Fill(int[][] words, ReadOnlySpan<int> order, int start)
    {
        Count = Math.Min(WordEncoder.BatchSize, order.Length - start);
        Array.Clear(_source);
        Array.Clear(_decoderInputs);
        Array.Clear(_targets);
        for (int row = 0; row < Count; row++)
        {
            int[] word = words[order[start + row]];
            int length = word.Length;
            word.CopyTo(_source, row * Source);
            _sourceLengths[row] = length;
            _targetLengths[row] = length + 1;
            _decoderInputs[row * Target] = Letters.Mark;
            for (int t = 0; t < length; t++)
            {
                int letter = word[length - 1 - t];
                _targets[row * Target + t] = letter;
                _decoderInputs[row * Target + t + 1] = letter;
            }
            _targets[row * Target + length] = Letters.Mark;
        }
    }
}
