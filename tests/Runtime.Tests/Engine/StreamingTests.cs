using System;
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
