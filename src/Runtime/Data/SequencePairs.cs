using System;

namespace ModelCompiler.Runtime.Data;

/// <summary>
/// Training data of an <see cref="EncoderDecoder"/>: for each pair, a source sequence for the encoder and, in
/// <see cref="Decoder"/>, what the decoder reads (e.g. the targets shifted right behind a start token, teacher forcing)
/// with its targets and lengths. Sequence i of the sources belongs to sequence i of <see cref="Decoder"/>.
/// </summary>
public sealed class SequencePairs
{
    private SequencePairs(SequenceDataset sources, SequenceDataset decoder)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        if (sources.Count != decoder.Count)
            throw new ArgumentException($"There are {sources.Count} source sequences but {decoder.Count} decoder sequences: each source needs one.", nameof(decoder));
        Sources = sources;
        Decoder = decoder;
    }

    /// <summary>
    /// The sources as a dataset (what <see cref="Fitting.Trainer"/> batches): their targets are placeholders, never read.
    /// </summary>
    internal SequenceDataset Sources { get; }

    /// <summary>The decoder's inputs, targets and lengths, one sequence per pair.</summary>
    public SequenceDataset Decoder { get; }

    /// <summary>Number of pairs.</summary>
    public int Count => Decoder.Count;

    /// <summary>Steps of every source sequence (padded to this many where <see cref="SourceLengths"/> is given).</summary>
    public int SourceSteps => Sources.Steps;

    /// <summary>Float features per source step; 1 for tokens.</summary>
    public int SourceFeatures => Sources.Features;

    /// <summary>Whether the sources are tokens.</summary>
    public bool SourceIsTokens => Sources.IsTokens;

    /// <summary>Each source's real length, or null when every source has <see cref="SourceSteps"/> steps.</summary>
    public int[]? SourceLengths => Sources.Lengths;

    /// <summary>
    /// Pairs of float sources (<c>[pairs, sourceSteps, sourceFeatures]</c>, row-major) with the decoder's sequences;
    /// <paramref name="sourceLengths"/> for variable-length sources (padded after their length).
    /// </summary>
    public static SequencePairs FromFloats(float[] sources, int sourceSteps, int sourceFeatures, SequenceDataset decoder, int[]? sourceLengths = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(decoder);
        return new SequencePairs(SequenceDataset.FromFloats(sources, sourceSteps, sourceFeatures, Placeholders(sources.Length, sourceSteps * sourceFeatures), sourceLengths), decoder);
    }

    /// <summary>Pairs of token sources (<c>[pairs, sourceSteps]</c>) with the decoder's sequences; see <see cref="FromFloats"/>.</summary>
    public static SequencePairs FromTokens(int[] sources, int sourceSteps, SequenceDataset decoder, int[]? sourceLengths = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(decoder);
        return new SequencePairs(SequenceDataset.FromTokens(sources, sourceSteps, Placeholders(sources.Length, sourceSteps), sourceLengths), decoder);
    }

    /// <summary>
    /// Token pairs for teacher forcing, from sequences of any lengths: each source padded to <paramref name="sourceSteps"/>;
    /// the decoder reads <paramref name="start"/> and then the target, and learns the target and then
    /// <paramref name="end"/> (one step more than the target, at most <paramref name="targetSteps"/>). Lengths are kept
    /// where a side's sequences are shorter than its steps (a MaxSteps model), left out where all fill them.
    /// </summary>
    public static SequencePairs FromTokenSequences(int[][] sources, int[][] targets, int start, int end, int sourceSteps, int targetSteps)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetSteps, 1);
        if (sources.Length != targets.Length)
            throw new ArgumentException($"There are {sources.Length} sources but {targets.Length} targets: each source needs one.", nameof(targets));
        int count = sources.Length;
        int[] sourceTokens = new int[count * sourceSteps], sourceLengths = new int[count];
        int[] inputs = new int[count * targetSteps], classes = new int[count * targetSteps], targetLengths = new int[count];
        for (int i = 0; i < count; i++)
        {
            int[] source = sources[i] ?? throw new ArgumentNullException(nameof(sources), $"sources[{i}] is null.");
            int[] target = targets[i] ?? throw new ArgumentNullException(nameof(targets), $"targets[{i}] is null.");
            if (source.Length < 1 || source.Length > sourceSteps)
                throw new ArgumentException($"sources[{i}] has {source.Length} tokens, but a source holds 1 to {sourceSteps} (sourceSteps).", nameof(sources));
            if (target.Length + 1 > targetSteps)
                throw new ArgumentException($"targets[{i}] has {target.Length} tokens, but with the end token a target holds at most {targetSteps} (targetSteps), so at most {targetSteps - 1}.", nameof(targets));
            source.CopyTo(sourceTokens, i * sourceSteps);
            sourceLengths[i] = source.Length;
            int row = i * targetSteps;
            inputs[row] = start;
            for (int t = 0; t < target.Length; t++)
            {
                classes[row + t] = target[t];
                inputs[row + t + 1] = target[t];
            }
            classes[row + target.Length] = end;
            targetLengths[i] = target.Length + 1;
        }
        var decoder = SequenceDataset.FromTokens(inputs, targetSteps, SequenceTargets.FromClasses(classes, targetSteps), Shorter(targetLengths, targetSteps));
        return FromTokens(sourceTokens, sourceSteps, decoder, Shorter(sourceLengths, sourceSteps));
    }

    /// <summary><paramref name="lengths"/>, or null when every sequence fills <paramref name="steps"/> (a fixed-length model takes no lengths).</summary>
    private static int[]? Shorter(int[] lengths, int steps) => Array.TrueForAll(lengths, length => length == steps) ? null : lengths;

    /// <summary>The pairs at <paramref name="indices"/>, in that order (a split into training and validation pairs).</summary>
    public SequencePairs Subset(ReadOnlySpan<int> indices) => new(Sources.Subset(indices), Decoder.Subset(indices));

    /// <summary>
    /// One placeholder class per source sequence (a dataset needs targets; the encoder has none). A length that is no
    /// whole number of sequences gets none here: the dataset's own check then names the inputs.
    /// </summary>
    private static SequenceTargets Placeholders(int values, int perSequence) =>
        SequenceTargets.FromClasses(new int[perSequence > 0 && values % perSequence == 0 ? values / perSequence : 0]);
}
