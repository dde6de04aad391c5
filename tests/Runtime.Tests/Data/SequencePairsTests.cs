using System;
using ModelCompiler.Runtime.Data;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Data;

/// <summary><see cref="SequencePairs.FromTokenSequences"/>: the arrays a teacher-forced encoder-decoder reads, written out by hand.</summary>
public class SequencePairsTests
{
    private const int Start = 9, End = 8;

    [Fact]
    public void SourcesArePaddedAndTheDecoderReadsStartThenTheTargetAndLearnsTheTargetThenEnd()
    {
        SequencePairs pairs = SequencePairs.FromTokenSequences([[1, 2, 3], [4]], [[5, 6], []], Start, End, sourceSteps: 3, targetSteps: 4);

        Assert.Equal(2, pairs.Count);
        Assert.Equal(new[] { 1, 2, 3, 4, 0, 0 }, pairs.Sources.Tokens);
        Assert.Equal(new[] { 3, 1 }, pairs.SourceLengths);
        Assert.Equal(new[] { Start, 5, 6, 0, Start, 0, 0, 0 }, pairs.Decoder.Tokens);
        Assert.Equal(new[] { 5, 6, End, 0, End, 0, 0, 0 }, pairs.Decoder.Targets.Classes);
        Assert.Equal(4, pairs.Decoder.Targets.PerSequence);
        Assert.Equal(new[] { 3, 1 }, pairs.Decoder.Lengths);
    }

    [Fact]
    public void SidesWhoseSequencesAllFillTheirStepsHaveNoLengths()
    {
        // A fixed-length (Steps) model takes no lengths: sources of 2 tokens in 2 steps, targets of 2 tokens + end in 3.
        SequencePairs pairs = SequencePairs.FromTokenSequences([[1, 2], [3, 4]], [[5, 6], [7, 5]], Start, End, sourceSteps: 2, targetSteps: 3);
        Assert.Null(pairs.SourceLengths);
        Assert.Null(pairs.Decoder.Lengths);
    }

    [Fact]
    public void SequencesThatDoNotFitAreRefusedWithTheirIndex()
    {
        Assert.Contains("sources[1] has 4 tokens, but a source holds 1 to 3 (sourceSteps)",
            Assert.Throws<ArgumentException>(() => SequencePairs.FromTokenSequences([[1], [1, 2, 3, 4]], [[5], [5]], Start, End, 3, 4)).Message);
        Assert.Contains("sources[0] has 0 tokens",
            Assert.Throws<ArgumentException>(() => SequencePairs.FromTokenSequences([[]], [[5]], Start, End, 3, 4)).Message);
        Assert.Contains("targets[0] has 4 tokens, but with the end token a target holds at most 4 (targetSteps), so at most 3",
            Assert.Throws<ArgumentException>(() => SequencePairs.FromTokenSequences([[1]], [[5, 5, 5, 5]], Start, End, 3, 4)).Message);
        Assert.Contains("There are 2 sources but 1 targets",
            Assert.Throws<ArgumentException>(() => SequencePairs.FromTokenSequences([[1], [2]], [[5]], Start, End, 3, 4)).Message);
    }
}
