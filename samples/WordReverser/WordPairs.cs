using ModelCompiler.Runtime.Data;

namespace WordReverser;

/// <summary>
/// Words as training pairs: the encoder reads the word's letters; the decoder reads the start mark and then the reversed
/// word (teacher forcing), and learns the reversed word and then the end mark (its length is one more than the word's).
/// </summary>
public static class WordPairs
{
    private const int Source = WordEncoder.MaxSteps, Target = ReversedWordDecoder.MaxSteps;

    public static SequencePairs Create(int[][] words)
    {
        int count = words.Length;
        int[] sources = new int[count * Source], sourceLengths = new int[count];
        int[] decoderInputs = new int[count * Target], targets = new int[count * Target], targetLengths = new int[count];
        for (int row = 0; row < count; row++)
        {
            int[] word = words[row];
            int length = word.Length;
            word.CopyTo(sources, row * Source);
            sourceLengths[row] = length;
            targetLengths[row] = length + 1;
            decoderInputs[row * Target] = Letters.Mark;
            for (int t = 0; t < length; t++)
            {
                int letter = word[length - 1 - t];
                targets[row * Target + t] = letter;
                decoderInputs[row * Target + t + 1] = letter;
            }
            targets[row * Target + length] = Letters.Mark;
        }
        var decoder = SequenceDataset.FromTokens(decoderInputs, Target, SequenceTargets.FromClasses(targets, Target), targetLengths);
        return SequencePairs.FromTokens(sources, Source, decoder, sourceLengths);
    }
}
