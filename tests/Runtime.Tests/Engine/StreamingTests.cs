using System;
using ModelCompiler.Runtime.Simd;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Engine;

/// <summary>SPEC §3: stepping through a sequence gives the same numbers as Predict on the whole sequence.</summary>
public sealed class StreamingTests
{
    [Fact]
    public void SteppingAManyToOneModelEndsWithPredictsOutput()
    {
        var network = new Network(TestModels.LstmClassifier());
        int steps = network.Spec.Steps, size = network.InputSize;
        float[] sequence = TestModels.Inputs(steps * size, 9);
        var predicted = new float[network.OutputSize];
        network.Predict(sequence, predicted);

        var stepped = new float[network.OutputSize];
        network.ResetState();
        for (int t = 0; t < steps; t++) network.Step(sequence.AsSpan(t * size, size), stepped);
        Assert.Equal(predicted, stepped);

        // ResetState starts over: the same steps again give the same result.
        network.ResetState();
        for (int t = 0; t < steps; t++) network.Step(sequence.AsSpan(t * size, size), stepped);
        Assert.Equal(predicted, stepped);
    }

    [Fact]
    public void SteppingASequenceModelGivesEachStepOfPredict()
    {
        var spec = new NetworkSpec(2, 5, false, 1, 1,
            [new RecurrentSpec("lstm", CellKind.Lstm, 5, Layers: 2, ReturnSequences: true), new DenseSpec("dense", 3)]);
        var network = new Network(spec);
        float[] sequence = TestModels.Inputs(10, 2);
        var predicted = new float[15];
        network.Predict(sequence, predicted);
        var y = new float[3];
        for (int t = 0; t < 5; t++)
        {
            network.Step(sequence.AsSpan(t * 2, 2), y);
            Assert.Equal(predicted.AsSpan(t * 3, 3).ToArray(), y);
        }
    }

    public static TheoryData<string> StreamableModels => new() { "gru-dense-stack", "rnn-relu-sequence", "lstm-stacked-dropout", "tokens-gru-softmax", "dense-first" };

    private static NetworkSpec StreamableModel(string name) => name switch
    {
        "gru-dense-stack" => new NetworkSpec(3, 7, false, 1, 11,
            [new RecurrentSpec("gru", CellKind.Gru, 20), new DenseSpec("hidden", 9, Activation.Tanh), new DenseSpec("out", 2, Activation.Sigmoid)]),
        "rnn-relu-sequence" => new NetworkSpec(1, 6, false, 1, 12,
            [new RecurrentSpec("rnn", CellKind.Rnn, 17, Activation: Activation.Relu, ReturnSequences: true), new DenseSpec("out", 1)]),
        "lstm-stacked-dropout" => new NetworkSpec(4, 5, false, 1, 13,
            [new RecurrentSpec("lstm", CellKind.Lstm, 33, Layers: 3, Dropout: 0.3f), new DropoutSpec("drop", 0.5f), new DenseSpec("out", 3)]),
        "tokens-gru-softmax" => new NetworkSpec(1, 6, false, 1, 14,
            [new EmbeddingSpec("embed", 11, 5), new RecurrentSpec("gru", CellKind.Gru, 8, ReturnSequences: true), new DenseSpec("out", 11, Activation.Softmax)]),
        _ => new NetworkSpec(2, 4, false, 1, 15,
            [new DenseSpec("in", 6, Activation.Relu), new RecurrentSpec("lstm", CellKind.Lstm, 12), new DenseSpec("out", 1)]),
    };

    /// <summary>
    /// Every cell, stacked layers with inter-layer dropout, a Dropout layer, Dense layers before and after the
    /// recurrence, tokens and sequence outputs: on every path, each step equals Predict bit for bit (the step
    /// takes the lean streaming kernels, Predict the sequence kernels).
    /// </summary>
    [Theory]
    [MemberData(nameof(StreamableModels))]
    public void SteppingEqualsPredictForEveryStreamableKindOnEveryPath(string model)
    {
        foreach (Isa isa in TestModels.SupportedIsas())
        {
            var network = new Network(StreamableModel(model)) { Isa = isa };
            int steps = network.Spec.Steps, size = network.InputSize, outputs = network.OutputSize;
            int perStep = network.SequenceOutput ? outputs : 0;
            var predicted = new float[network.SequenceOutput ? steps * outputs : outputs];
            var y = new float[outputs];
            if (network.TokenInput)
            {
                int[] tokens = TestModels.Classes(steps, 11, 21);
                network.Predict(tokens, predicted);
                for (int t = 0; t < steps; t++)
                {
                    network.Step(tokens[t], y);
                    if (perStep > 0) Assert.Equal(predicted.AsSpan(t * perStep, perStep).ToArray(), y);
                }
            }
            else
            {
                float[] sequence = TestModels.Inputs(steps * size, 22);
                network.Predict(sequence, predicted);
                for (int t = 0; t < steps; t++)
                {
                    network.Step(sequence.AsSpan(t * size, size), y);
                    if (perStep > 0) Assert.Equal(predicted.AsSpan(t * perStep, perStep).ToArray(), y);
                }
            }
            if (perStep == 0) Assert.Equal(predicted, y);
        }
    }

    [Fact]
    public void PredictDoesNotDisturbTheStream()
    {
        var network = new Network(TestModels.LstmClassifier());
        int size = network.InputSize;
        float[] sequence = TestModels.Inputs(network.Spec.Steps * size, 3);
        var a = new float[network.OutputSize];
        var b = new float[network.OutputSize];
        network.Step(sequence.AsSpan(0, size), a);
        network.Step(sequence.AsSpan(size, size), a);
        network.ResetState();
        network.Step(sequence.AsSpan(0, size), b);
        network.Predict(sequence, new float[network.OutputSize]);
        network.Step(sequence.AsSpan(size, size), b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void BidirectionalModelsRefuseToStream()
    {
        var network = new Network(TestModels.StackedBidirectionalGru());
        var exception = Assert.Throws<InvalidOperationException>(() => network.Step(new float[3], new float[2]));
        Assert.Contains("bidirectional", exception.Message);
    }
}
