using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Engine;

/// <summary>
/// <c>EncoderDecoder.Decode(..., beamWidth)</c> against exhaustive search: with a beam as wide as every prefix it finds
/// the most probable sequence of all (ended by the end token, or filling the output), which greedy decoding often
/// misses; width 1 is greedy decoding.
/// </summary>
public class BeamSearchTests
{
    private const int End = 4, Start = 4, Classes = 5, MaxLength = 4;

    /// <summary>A GRU pair over a 5-token vocabulary (token 4 starts and ends), its output weights scaled up so the
    /// distributions are peaked enough for the search to matter.</summary>
    /// <param name="endBias">Added to the end token's bias: negative makes full-length sequences the likelier winners.</param>
    private static EncoderDecoder Pair(Activation head, float endBias = 0f)
    {
        var encoder = new Network(new NetworkSpec(1, 4, false, 2, 61,
            [new EmbeddingSpec("source", 6, 3), new RecurrentSpec("encoder", CellKind.Gru, 6)]));
        var decoder = new Network(new NetworkSpec(1, 4, false, 2, 62,
            [new EmbeddingSpec("target", Classes, 3), new RecurrentSpec("decoder", CellKind.Gru, 6, ReturnSequences: true), new DenseSpec("out", Classes, head)],
            new LossSpec(head == Activation.Tanh ? LossKind.Mse : LossKind.CrossEntropy)));
        float[] weights = new float[decoder.Parameters.Length("out.weight")];
        decoder.Parameters.CopyTo("out.weight", weights);
        for (int i = 0; i < weights.Length; i++) weights[i] *= 6f;
        decoder.Parameters.CopyFrom("out.weight", weights);
        float[] bias = new float[Classes];
        decoder.Parameters.CopyTo("out.bias", bias);
        bias[End] += endBias;
        decoder.Parameters.CopyFrom("out.bias", bias);
        return new EncoderDecoder(encoder, decoder);
    }

    private static int[] Source(int seed) => Enumerable.Range(0, 4).Select(i => (i * 5 + seed * 7 + seed / 3) % 6).ToArray();

    /// <summary>Log-probability of <paramref name="tokens"/> (then the end token unless the sequence fills the output), stepping the decoder.</summary>
    private static double Score(EncoderDecoder pair, float[] state, IReadOnlyList<int> tokens, bool ended)
    {
        Network decoder = pair.Decoder;
        var outputs = new float[Classes];
        decoder.SetState(state);
        double score = 0;
        int previous = Start;
        for (int t = 0; t <= tokens.Count; t++)
        {
            if (t == tokens.Count && !ended) break;
            decoder.Step(previous, outputs);
            int chosen = t < tokens.Count ? tokens[t] : End;
            score += LogProbability(decoder, outputs, chosen);
            previous = chosen;
        }
        return score;
    }

    private static double LogProbability(Network decoder, float[] outputs, int token)
    {
        if (((DenseSpec)decoder.Spec.Layers[^1]).Activation == Activation.Softmax) return Math.Log(outputs[token]);
        double max = outputs.Max(v => (double)v);
        return outputs[token] - (max + Math.Log(outputs.Sum(v => Math.Exp(v - max))));
    }

    /// <summary>The encoder's final state for one source, as a batch of one.</summary>
    private static float[] EncoderState(EncoderDecoder pair, int[] source)
    {
        var state = new float[pair.Encoder.StateSize];
        pair.Encoder.Forward(source, new float[pair.Encoder.OutputSize], default, state);
        return state;
    }

    /// <summary>Every sequence the decoder can write into <see cref="MaxLength"/> tokens: ended ones up to MaxLength − 1 tokens, and full ones.</summary>
    private static IEnumerable<(int[] Tokens, bool Ended)> AllSequences()
    {
        for (int length = 0; length <= MaxLength; length++)
        {
            int count = (int)Math.Pow(End, length);
            for (int n = 0; n < count; n++)
            {
                var tokens = new int[length];
                for (int i = 0, rest = n; i < length; i++, rest /= End) tokens[i] = rest % End;
                yield return (tokens, length < MaxLength);
            }
        }
    }

    [Theory]
    [InlineData(Activation.None, 0f)]
    [InlineData(Activation.Softmax, 0f)]
    [InlineData(Activation.None, -1.5f)]
    [InlineData(Activation.None, -4f)]
    public void AWideBeamFindsTheMostProbableSequenceOfAll(Activation head, float endBias)
    {
        EncoderDecoder pair = Pair(head, endBias);
        int beatsGreedy = 0;
        var output = new int[MaxLength];
        for (int seed = 0; seed < 16; seed++)
        {
            int[] source = Source(seed);
            float[] state = EncoderState(pair, source);
            (int[] Tokens, bool Ended) best = AllSequences().MaxBy(s => Score(pair, state, s.Tokens, s.Ended));

            int length = pair.Decode(source, Start, End, output, beamWidth: 64); // every prefix of up to 3 tokens fits
            Assert.Equal(best.Tokens, output[..length]);

            int greedyLength = pair.Decode(source, Start, End, output);
            int[] greedy = output[..greedyLength];
            double greedyScore = Score(pair, state, greedy, greedyLength < MaxLength);
            double bestScore = Score(pair, state, best.Tokens, best.Ended);
            Assert.True(greedyScore <= bestScore + 1e-9);
            if (greedyScore < bestScore - 1e-6) beatsGreedy++;

            Assert.Equal(greedyLength, pair.Decode(source, Start, End, output, beamWidth: 1));
            Assert.Equal(greedy, output[..greedyLength]);
        }
        if (endBias == 0f) Assert.True(beatsGreedy > 0, "no source where the beam finds a more probable sequence than greedy decoding: the test shows nothing");
    }

    /// <summary>
    /// A pair trained briefly to copy 1 to 3 tokens (source padded with token 5) and end: its most probable sequences end
    /// in the middle of the output, which the untrained pairs above never do.
    /// </summary>
    private static EncoderDecoder TrainedCopier()
    {
        var encoder = new Network(new NetworkSpec(1, 4, false, 16, 63,
            [new EmbeddingSpec("source", 6, 4), new RecurrentSpec("encoder", CellKind.Gru, 12)]));
        var decoder = new Network(new NetworkSpec(1, 4, false, 16, 64,
            [new EmbeddingSpec("target", Classes, 4), new RecurrentSpec("decoder", CellKind.Gru, 12, ReturnSequences: true), new DenseSpec("out", Classes)],
            new LossSpec(LossKind.CrossEntropy), new OptimizerSpec(OptimizerKind.Adam, 0.03f)));
        var pair = new EncoderDecoder(encoder, decoder);
        var random = new Random(5);
        int[] source = new int[16 * 4], inputs = new int[16 * 4], targets = new int[16 * 4];
        for (int step = 0; step < 300; step++)
        {
            for (int b = 0; b < 16; b++)
            {
                int length = 1 + random.Next(3);
                for (int t = 0; t < 4; t++)
                {
                    source[b * 4 + t] = t < length ? random.Next(End) : 5;
                    targets[b * 4 + t] = t < length ? source[b * 4 + t] : End; // after the end, more ends
                    inputs[b * 4 + t] = t == 0 ? Start : targets[b * 4 + t - 1];
                }
            }
            pair.TrainStep(source, inputs, targets);
        }
        return pair;
    }

    [Fact]
    public void OnATrainedPairTheBeamFindsTheMostProbableSequencesEndingMidway()
    {
        EncoderDecoder pair = TrainedCopier();
        var output = new int[MaxLength];
        var lengths = new HashSet<int>();
        for (int seed = 0; seed < 16; seed++)
        {
            int length = 1 + seed % 3;
            int[] source = Enumerable.Range(0, 4).Select(t => t < length ? (seed * 3 + t * 7) % End : 5).ToArray();
            float[] state = EncoderState(pair, source);
            (int[] Tokens, bool Ended) best = AllSequences().MaxBy(s => Score(pair, state, s.Tokens, s.Ended));
            int written = pair.Decode(source, Start, End, output, beamWidth: 64);
            Assert.Equal(best.Tokens, output[..written]);
            Assert.Equal(best.Tokens, pair.Decode(source, Start, End, output, beamWidth: 4) is var narrow ? output[..narrow] : null);
            if (best.Ended) lengths.Add(best.Tokens.Length);
        }
        Assert.Contains(2, lengths);
        Assert.Contains(3, lengths);
    }

    [Fact]
    public void ANarrowBeamWritesNoEndTokenAndAllocatesNothingOnceWarm()
    {
        EncoderDecoder pair = Pair(Activation.None);
        int[] source = Source(3);
        var output = new int[MaxLength];
        int length = pair.Decode(source, Start, End, output, beamWidth: 3);
        Assert.InRange(length, 0, MaxLength);
        Assert.DoesNotContain(End, output[..length]);
        Assert.Equal(0, AllocationProbe.BytesPerCall(() => pair.Decode(source, Start, End, output, beamWidth: 3)));
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        EncoderDecoder pair = Pair(Activation.None);
        Assert.Throws<ArgumentOutOfRangeException>(() => pair.Decode(Source(0), Start, End, new int[4], beamWidth: 0));
        foreach (int width in new[] { 1, 3 })
        {
            var end = Assert.Throws<ArgumentOutOfRangeException>(() => pair.Decode(Source(0), Start, Classes, new int[4], width));
            Assert.Contains("end must be one of the decoder's classes 0..4, or -1 for none", end.Message);
            Assert.InRange(pair.Decode(Source(0), Start, -1, new int[4], width), 4, 4); // no end token: the output is filled
        }
        var start = Assert.Throws<ArgumentOutOfRangeException>(() => pair.Decode(Source(0), Classes, End, new int[4], 2));
        Assert.Contains("start must be a token of the decoder's vocabulary 0..4, but it is 5", start.Message);

        // A beam too wide to allocate is refused naming the sizes, and the search still works afterwards (and one wider than
        // every possible hypothesis is only as wide as they are).
        var wide = Assert.Throws<ArgumentOutOfRangeException>(() => pair.Decode(Source(0), Start, End, new int[12], int.MaxValue));
        Assert.Contains("use a narrower beam", wide.Message);
        int[] exhaustive = new int[MaxLength], unbounded = new int[MaxLength];
        int length = pair.Decode(Source(1), Start, End, exhaustive, beamWidth: 64);
        Assert.Equal(length, pair.Decode(Source(1), Start, End, unbounded, beamWidth: int.MaxValue)); // 125 hypotheses at most
        Assert.Equal(exhaustive[..length], unbounded[..length]);
        int[] source = Source(1);
        Assert.Equal(0, AllocationProbe.BytesPerCall(() => pair.Decode(source, Start, End, unbounded, beamWidth: 1000)));

        // Classes the decoder cannot read back as tokens.
        var wideHead = new EncoderDecoder(pair.Encoder, new Network(new NetworkSpec(1, 4, false, 2, 65,
            [new EmbeddingSpec("target", Classes, 3), new RecurrentSpec("decoder", CellKind.Gru, 6, ReturnSequences: true), new DenseSpec("out", Classes + 1)],
            new LossSpec(LossKind.CrossEntropy))));
        var classes = Assert.Throws<InvalidOperationException>(() => wideHead.Decode(Source(0), Start, End, new int[4]));
        Assert.Contains("the decoder has 6 classes and reads tokens 0..4", classes.Message);

        EncoderDecoder tanh = Pair(Activation.Tanh);
        var error = Assert.Throws<InvalidOperationException>(() => tanh.Decode(Source(0), Start, End, new int[4], beamWidth: 2));
        Assert.Contains("logits (Activation.None) or a softmax", error.Message);
    }
}
