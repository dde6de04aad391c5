using System;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Engine;

/// <summary>SPEC §6: after construction and one warm-up call, no public call allocates.</summary>
public sealed class AllocationTests
{
    private static long AllocatedBy(Action call) => AllocationProbe.BytesPerCall(call);

    [Fact]
    public void FloatModelCallsAllocateNothing()
    {
        var network = new Network(TestModels.LstmClassifier());
        int steps = network.Spec.Steps, size = network.InputSize;
        float[] sequence = TestModels.Inputs(steps * size, 1);
        float[] batch = TestModels.Inputs(4 * steps * size, 2);
        int[] targets = TestModels.Classes(4, 3, 3);
        var output = new float[network.OutputSize];
        var outputs = new float[4 * network.OutputSize];
        Assert.Equal(0, AllocatedBy(() => network.Predict(sequence, output)));
        Assert.Equal(0, AllocatedBy(() => network.Step(sequence.AsSpan(0, size), output)));
        Assert.Equal(0, AllocatedBy(() => network.Forward(batch, outputs)));
        Assert.Equal(0, AllocatedBy(() => network.ComputeGradients(batch, targets)));
        Assert.Equal(0, AllocatedBy(() => network.TrainStep(batch, targets)));
        Assert.Equal(0, AllocatedBy(network.ResetState));
    }

    /// <summary>From 32 unpadded sequences the input projection runs step by step inside the recurrence: its own path.</summary>
    [Fact]
    public void LargeBatchTrainingAllocatesNothing()
    {
        const int batch = 40;
        var lstm = new Network(TestModels.LstmClassifier(batch: batch));
        float[] inputs = TestModels.Inputs(batch * lstm.Spec.Steps * lstm.InputSize, 7);
        int[] classes = TestModels.Classes(batch, 3, 8);
        Assert.Equal(0, AllocatedBy(() => lstm.TrainStep(inputs, classes)));

        var gru = new Network(TestModels.StackedBidirectionalGru(batch: batch));
        float[] features = TestModels.Inputs(batch * gru.Spec.Steps * gru.InputSize, 9);
        float[] targets = TestModels.Inputs(batch * gru.Spec.Steps * gru.OutputSize, 10);
        Assert.Equal(0, AllocatedBy(() => gru.TrainStep(features, targets)));
    }

    [Fact]
    public void VariableLengthAndTokenCallsAllocateNothing()
    {
        var gru = new Network(TestModels.StackedBidirectionalGru(variableLength: true));
        float[] inputs = TestModels.Inputs(3 * gru.Spec.Steps * gru.InputSize, 4);
        float[] targets = TestModels.Inputs(3 * gru.Spec.Steps * 2, 5);
        int[] lengths = [5, 1, 3];
        Assert.Equal(0, AllocatedBy(() => gru.TrainStep(inputs, targets, lengths)));

        var tokens = new Network(TestModels.TokenRnn());
        int[] sequence = TestModels.Classes(2 * tokens.Spec.Steps, 11, 6);
        float[] labels = [0f, 1f];
        var output = new float[1];
        Assert.Equal(0, AllocatedBy(() => tokens.TrainStep(sequence, labels)));
        Assert.Equal(0, AllocatedBy(() => tokens.Predict(sequence.AsSpan(0, tokens.Spec.Steps), output)));
        Assert.Equal(0, AllocatedBy(() => tokens.Step(3, output)));
    }

    /// <summary>MAE rescales the finished gradients (<c>LossFunction</c>): that pass allocates nothing either.</summary>
    [Fact]
    public void MaeTrainingAllocatesNothing()
    {
        NetworkSpec spec = TestModels.StackedBidirectionalGru() with { Loss = new LossSpec(LossKind.Mae) };
        var network = new Network(spec);
        float[] inputs = TestModels.Inputs(3 * spec.Steps * spec.InputSize, 12);
        float[] targets = TestModels.Inputs(3 * spec.Steps * 2, 13);
        Assert.Equal(0, AllocatedBy(() => network.ComputeGradients(inputs, targets)));
        Assert.Equal(0, AllocatedBy(() => network.TrainStep(inputs, targets)));
    }
}
