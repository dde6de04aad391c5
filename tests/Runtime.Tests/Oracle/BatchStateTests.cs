using System;
using System.Collections.Generic;
using System.Linq;
using ModelCompiler.Runtime.Simd;
using ModelCompiler.Runtime.Tests.Engine;
using Xunit;
using static TorchSharp.torch;

namespace ModelCompiler.Runtime.Tests.Oracle;

/// <summary>
/// <c>Forward(inputs, outputs, initialStates, finalStates)</c> against libtorch (float64): a minibatch started from
/// given states is PyTorch's <c>rnn(x, (h0, c0))</c>, and the final states are its <c>(h_n, c_n)</c> per sequence,
/// bidirectional and stacked layers included; with variable lengths each sequence's own last real step. This is a
/// batched encoder, and a decoder started from an encoder's states.
/// </summary>
public class BatchStateTests
{
    public static IEnumerable<object[]> Cases()
    {
        foreach (Isa isa in new[] { Isa.Avx512, Isa.Avx2, Isa.Portable })
        {
            foreach (string model in new[] { "bidirectional-lstm", "gru-sequence-then-lstm", "rnn-tokens", "bidirectional-gru-lengths" })
                yield return new object[] { model, isa };
        }
    }

    private static NetworkSpec Spec(string name) => name switch
    {
        "bidirectional-lstm" => new NetworkSpec(3, 5, false, 9, 31,
            [new RecurrentSpec("lstm", CellKind.Lstm, 6, Layers: 2, Bidirectional: true), new DenseSpec("head", 2)]),
        "gru-sequence-then-lstm" => new NetworkSpec(2, 4, false, 9, 32,
            [new RecurrentSpec("gru", CellKind.Gru, 5, ReturnSequences: true), new RecurrentSpec("lstm", CellKind.Lstm, 4, Layers: 2), new DenseSpec("head", 3, Activation.Tanh)]),
        "rnn-tokens" => new NetworkSpec(1, 4, false, 9, 33,
            [new EmbeddingSpec("embedding", 7, 3), new RecurrentSpec("rnn", CellKind.Rnn, 4, Layers: 2, Bidirectional: true, Activation: Activation.Relu, ReturnSequences: true), new DenseSpec("head", 2)]),
        _ => new NetworkSpec(2, 6, true, 9, 34,
            [new RecurrentSpec("gru", CellKind.Gru, 5, Layers: 2, Bidirectional: true, ReturnSequences: true)]),
    };

    private static readonly int[] s_lengths = [6, 2, 4, 1, 6, 5, 3, 6, 2];

    /// <summary>A batch of <paramref name="batch"/> sequences for the model, with its lengths (all full for fixed-length models).</summary>
    private static (float[] Features, int[] Tokens, int[] Lengths) Batch(NetworkSpec spec, int batch, int seed)
    {
        float[] features = TestModels.Inputs(batch * spec.Steps * spec.InputSize, seed);
        int[] tokens = Enumerable.Range(0, batch * spec.Steps).Select(i => (i * 5 + seed) % 7).ToArray();
        int[] lengths = spec.VariableLength ? s_lengths[..batch] : Enumerable.Repeat(spec.Steps, batch).ToArray();
        return (features, tokens, lengths);
    }

    private static void Forward(Network network, (float[] Features, int[] Tokens, int[] Lengths) batch, float[] outputs, ReadOnlySpan<float> initial, Span<float> final)
    {
        ReadOnlySpan<int> lengths = network.Spec.VariableLength ? batch.Lengths : default;
        if (network.TokenInput) network.Forward(batch.Tokens, outputs, initial, final, lengths);
        else network.Forward(batch.Features, outputs, initial, final, lengths);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AMinibatchFromGivenStatesIsPyTorchsRnnFromH0AndReportsItsFinalStates(string model, Isa isa)
    {
        if (!IsaSelector.IsSupported(isa)) return; // this process cannot run that path (CI forces each in turn)
        NetworkSpec spec = Spec(model);
        var network = new Network(spec) { Isa = isa };
        const int batchSize = 9;
        var data = Batch(spec, batchSize, model.Length);
        var random = new Random(model.Length);
        double[] initial = Enumerable.Range(0, batchSize * network.StateSize).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        int perSequence = network.SequenceOutput ? spec.Steps * network.OutputSize : network.OutputSize;
        var outputs = new float[batchSize * perSequence];
        var final = new float[batchSize * network.StateSize];
        Forward(network, data, outputs, initial.Select(v => (float)v).ToArray(), final);

        using var scope = NewDisposeScope();
        using var torchModel = new TorchModel(spec, ParameterValues.Of(network.Parameters));
        using var _ = no_grad();
        var expectedOutputs = new double[outputs.Length];
        var expectedFinal = new double[final.Length];
        // One sequence at a time over its real steps (what packing does); padded output steps stay zero.
        for (int b = 0; b < batchSize; b++)
        {
            int length = data.Lengths[b];
            Tensor sequence = network.TokenInput
                ? tensor(data.Tokens.Skip(b * spec.Steps).Take(length).Select(t => (long)t).ToArray(), new long[] { 1, length })
                : tensor(data.Features.Skip(b * spec.Steps * spec.InputSize).Take(length * spec.InputSize).Select(v => (double)v).ToArray(), new long[] { 1, length, spec.InputSize }, float64);
            (Tensor output, double[] state) = torchModel.RunWithStates(sequence, initial[(b * network.StateSize)..((b + 1) * network.StateSize)]);
            double[] values = output.contiguous().data<double>().ToArray();
            Array.Copy(values, 0, expectedOutputs, b * perSequence, values.Length);
            Array.Copy(state, 0, expectedFinal, b * network.StateSize, state.Length);
        }

        OracleAssert.Close($"{model} outputs from given states", expectedOutputs, outputs, 1e-5, 1e-6);
        OracleAssert.Close($"{model} final states (h_n, c_n)", expectedFinal, final, 1e-5, 1e-6);
    }

    [Theory]
    [InlineData("bidirectional-lstm")]
    [InlineData("bidirectional-gru-lengths")]
    public void TwoCoresGiveTheBitsOfOne(string model)
    {
        NetworkSpec spec = Spec(model);
        var one = new Network(spec);
        var two = new Network(spec) { Cores = 2 };
        var data = Batch(spec, 9, 3);
        float[] initial = TestModels.Inputs(9 * one.StateSize, 4);
        int perSequence = one.SequenceOutput ? spec.Steps * one.OutputSize : one.OutputSize;
        float[] outputsOne = new float[9 * perSequence], outputsTwo = new float[9 * perSequence];
        float[] finalOne = new float[9 * one.StateSize], finalTwo = new float[9 * one.StateSize];
        Forward(one, data, outputsOne, initial, finalOne);
        Forward(two, data, outputsTwo, initial, finalTwo);
        Assert.Equal(outputsOne, outputsTwo);
        Assert.Equal(finalOne, finalTwo);
    }

    [Fact]
    public void ZeroOrNoInitialStatesGiveTheBitsOfThePlainForward()
    {
        NetworkSpec spec = Spec("gru-sequence-then-lstm");
        var network = new Network(spec);
        var data = Batch(spec, 5, 8);
        var plain = new float[5 * network.OutputSize];
        network.Forward(data.Features, plain);
        var fromNothing = new float[plain.Length];
        var fromZeros = new float[plain.Length];
        Forward(network, data, fromNothing, default, default);
        Forward(network, data, fromZeros, new float[5 * network.StateSize], default);
        Assert.Equal(plain, fromNothing);
        Assert.Equal(plain, fromZeros);
    }

    [Fact]
    public void EachSequenceOfTheBatchIsWhatStreamingItFromItsStateGives()
    {
        // The same products and cell math as a streaming step, so the same bits: the batched path is the stream's.
        NetworkSpec spec = Spec("gru-sequence-then-lstm");
        var batched = new Network(spec);
        var streamed = new Network(spec);
        const int batch = 4;
        var data = Batch(spec, batch, 9);
        float[] initial = TestModels.Inputs(batch * batched.StateSize, 10);
        var outputs = new float[batch * batched.OutputSize];
        var final = new float[batch * batched.StateSize];
        Forward(batched, data, outputs, initial, final);

        var y = new float[streamed.OutputSize];
        var state = new float[streamed.StateSize];
        for (int b = 0; b < batch; b++)
        {
            streamed.SetState(initial.AsSpan(b * streamed.StateSize, streamed.StateSize));
            for (int t = 0; t < spec.Steps; t++) streamed.Step(data.Features.AsSpan((b * spec.Steps + t) * spec.InputSize, spec.InputSize), y);
            streamed.GetState(state);
            Assert.Equal(outputs.AsSpan(b * streamed.OutputSize, streamed.OutputSize).ToArray(), y);
            Assert.Equal(final.AsSpan(b * streamed.StateSize, streamed.StateSize).ToArray(), state);
        }
    }

    [Fact]
    public void AnEncodersFinalStatesStartADecoder()
    {
        // Sequence to sequence: a bidirectional encoder's (h_n, c_n) are the decoder's (h0, c0) when their shapes agree,
        // as in PyTorch's decoder(y, encoder(x)[1]).
        var encoder = new Network(new NetworkSpec(3, 5, false, 4, 41, [new RecurrentSpec("encoder", CellKind.Lstm, 6, Bidirectional: true)]));
        var decoder = new Network(new NetworkSpec(2, 3, false, 4, 42,
            [new RecurrentSpec("decoder", CellKind.Lstm, 6, Layers: 2, ReturnSequences: true), new DenseSpec("head", 4)]));
        Assert.Equal(encoder.StateSize, decoder.StateSize);
        float[] source = TestModels.Inputs(4 * 5 * 3, 11), target = TestModels.Inputs(4 * 3 * 2, 12);
        var encoded = new float[4 * encoder.OutputSize];
        var states = new float[4 * encoder.StateSize];
        encoder.Forward(source, encoded, default, states);
        var decoded = new float[4 * 3 * 4];
        decoder.Forward(target, decoded, states, default);

        using var scope = NewDisposeScope();
        using var torchEncoder = new TorchModel(encoder.Spec, ParameterValues.Of(encoder.Parameters));
        using var torchDecoder = new TorchModel(decoder.Spec, ParameterValues.Of(decoder.Parameters));
        using var noGradients = no_grad();
        (_, double[] encoderStates) = torchEncoder.RunWithStates(tensor(source.Select(v => (double)v).ToArray(), new long[] { 4, 5, 3 }, float64), null);
        (Tensor expected, _) = torchDecoder.RunWithStates(tensor(target.Select(v => (double)v).ToArray(), new long[] { 4, 3, 2 }, float64), encoderStates);
        OracleAssert.Close("encoder final states", encoderStates, states, 1e-5, 1e-6);
        OracleAssert.Close("decoder outputs from them", expected.contiguous().data<double>().ToArray(), decoded, 1e-5, 1e-6);
    }

    [Fact]
    public void BadStatesAreRejectedAndChangeNothing()
    {
        NetworkSpec spec = Spec("bidirectional-lstm");
        var network = new Network(spec);
        Assert.Equal(2 * 2 * 2 * 6, network.StateSize); // h_n and c_n, [layers · directions, hidden] each
        var data = Batch(spec, 2, 5);
        float[] features = data.Features[..(2 * spec.Steps * spec.InputSize)];
        var outputs = new float[2 * network.OutputSize];
        var final = new float[2 * network.StateSize];
        var expected = new float[outputs.Length];
        network.Forward(features, expected);

        var wrongLength = Assert.Throws<ArgumentException>(() => network.Forward(features, outputs, new float[2 * network.StateSize - 1], final));
        Assert.Contains("initialStates", wrongLength.Message);
        Assert.Contains("2 sequences × 48 = 96", wrongLength.Message);
        Assert.Contains("95", wrongLength.Message);
        float[] notFinite = new float[2 * network.StateSize];
        notFinite[50] = float.PositiveInfinity;
        var infinite = Assert.Throws<ArgumentException>(() => network.Forward(features, outputs, notFinite, final));
        Assert.Contains("initialStates[50]", infinite.Message);
        var finalTooShort = Assert.Throws<ArgumentException>(() => network.Forward(features, outputs, default, new float[3]));
        Assert.Contains("finalStates", finalTooShort.Message);
        Assert.All(outputs, v => Assert.Equal(0f, v));
        Assert.All(final, v => Assert.Equal(0f, v));

        // The rejected calls left nothing behind: the next plain call starts from zeros.
        network.Forward(features, outputs);
        Assert.Equal(expected, outputs);

        var stateless = new Network(new NetworkSpec(2, 3, false, 2, 1, [new DenseSpec("head", 2)]));
        Assert.Equal(0, stateless.StateSize);
        var statelessOutputs = new float[2 * (stateless.SequenceOutput ? 3 : 1) * stateless.OutputSize];
        var noState = Assert.Throws<ArgumentException>(() => stateless.Forward(new float[2 * 3 * 2], statelessOutputs, new float[1], default));
        Assert.Contains("no recurrent layer", noState.Message);
    }

    [Fact]
    public void ForwardWithStatesAllocatesNothing()
    {
        NetworkSpec spec = Spec("bidirectional-gru-lengths");
        var network = new Network(spec);
        var data = Batch(spec, 9, 6);
        float[] initial = TestModels.Inputs(9 * network.StateSize, 7);
        var outputs = new float[9 * spec.Steps * network.OutputSize];
        var final = new float[9 * network.StateSize];
        Assert.Equal(0, AllocationProbe.BytesPerCall(() => Forward(network, data, outputs, initial, final)));
    }
}
