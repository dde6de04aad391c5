using System;
using System.Linq;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Generated;

/// <summary>
/// Two generated models trained as one sequence-to-sequence model with <see cref="EncoderDecoder"/> (its gradients are
/// checked against libtorch in <c>EncoderDecoderTests</c>): the pair learns to reverse five tokens, which the decoder
/// cannot do alone: the first token it writes is the source's last, which only the encoder's state carries.
/// </summary>
public class GeneratedEncoderDecoderTests
{
    private const int Start = 8; // the decoder's first input: a token the source never uses

    /// <summary>A batch of random sources, the decoder's inputs (start, then the reversed source shifted right) and its targets (the reversed source).</summary>
    private static (int[] Source, int[] DecoderInputs, int[] Targets) Batch(Random random, int batch)
    {
        const int steps = 5;
        int[] source = Enumerable.Range(0, batch * steps).Select(_ => random.Next(8)).ToArray();
        int[] targets = new int[source.Length], inputs = new int[source.Length];
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < steps; t++) targets[b * steps + t] = source[b * steps + steps - 1 - t];
            inputs[b * steps] = Start;
            for (int t = 1; t < steps; t++) inputs[b * steps + t] = targets[b * steps + t - 1];
        }
        return (source, inputs, targets);
    }

    [Fact]
    public void APairOfGeneratedModelsLearnsToReverseASequence()
    {
        var encoder = new ReversingEncoder();
        var decoder = new ReversingDecoder();
        var pair = new EncoderDecoder(encoder, decoder);
        var random = new Random(7);
        float first = 0f, last = 0f;
        for (int step = 0; step < 1200; step++)
        {
            (int[] source, int[] inputs, int[] targets) = Batch(random, 32);
            last = pair.TrainStep(source, inputs, targets);
            if (step == 0) first = last;
        }
        Assert.True(last < first / 10, $"loss {first} → {last}");

        // Inference with the generated Forward overloads: the encoder's final states start the decoder.
        (int[] testSource, int[] testInputs, int[] testTargets) = Batch(random, 32);
        var encoded = new float[32 * ReversingEncoder.OutputSize];
        var states = new float[32 * ReversingEncoder.StateSize];
        var logits = new float[32 * ReversingDecoder.Steps * ReversingDecoder.OutputSize];
        encoder.Forward(testSource, encoded, default, states);
        decoder.Forward(testInputs, logits, states, default);
        int correct = 0;
        for (int i = 0; i < testTargets.Length; i++)
        {
            ReadOnlySpan<float> row = logits.AsSpan(i * ReversingDecoder.OutputSize, ReversingDecoder.OutputSize);
            if (row.IndexOf(MaxOf(row)) == testTargets[i]) correct++;
        }
        Assert.True(correct >= testTargets.Length * 95 / 100, $"{correct} of {testTargets.Length} tokens reversed");

        // Greedy decoding, each step reading the token written before (no end token here: five are written).
        int whole = 0;
        Span<int> written = stackalloc int[ReversingDecoder.Steps];
        for (int b = 0; b < 32; b++)
        {
            int count = pair.Decode(testSource.AsSpan(b * 5, 5), Start, end: -1, written);
            Assert.Equal(5, count);
            if (written.SequenceEqual(testTargets.AsSpan(b * 5, 5))) whole++;
        }
        Assert.True(whole >= 29, $"{whole} of 32 sequences decoded right");
        int[] one = testSource[..5], into = new int[5];
        Assert.Equal(0, AllocationProbe.BytesPerCall(() => pair.Decode(one, Start, -1, into)));
        Assert.Throws<InvalidOperationException>(() => pair.Decode(new float[5], Start, -1, new int[5]));
        var length = Assert.Throws<ArgumentException>(() => pair.Decode(new int[4], Start, -1, new int[5]));
        Assert.Contains("source must hold one sequence of 5 tokens, but it holds 4", length.Message);
    }

    private static float MaxOf(ReadOnlySpan<float> values)
    {
        float max = float.NegativeInfinity;
        foreach (float v in values) max = Math.Max(max, v);
        return max;
    }
}
