using System;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Engine;

/// <summary>Padded variable-length batches behave like running each sequence alone.</summary>
public sealed class MaskingTests
{
    [Fact]
    public void ManyToOneOutputsOfAPaddedBatchEqualEachSequenceAlone()
    {
        var network = new Network(TestModels.LstmClassifier(steps: 6, batch: 4, variableLength: true));
        int steps = 6, size = network.InputSize, classes = network.OutputSize;
        float[] inputs = TestModels.Inputs(4 * steps * size, 1);
        int[] lengths = [6, 1, 4, 3];
        var outputs = new float[4 * classes];
        network.Forward(inputs, outputs, lengths);
        for (int b = 0; b < 4; b++)
        {
            var alone = new float[classes];
            network.Predict(inputs.AsSpan(b * steps * size, lengths[b] * size), alone);
            Assert.Equal(alone, outputs.AsSpan(b * classes, classes).ToArray()); // rows never mix: bit-equal
        }
    }

    [Fact]
    public void GradientsOfAPaddedBatchAreTheMeanOfEachSequenceAlone()
    {
        NetworkSpec spec = TestModels.LstmClassifier(steps: 6, batch: 4, variableLength: true);
        var network = new Network(spec);
        int steps = 6, size = network.InputSize;
        float[] inputs = TestModels.Inputs(4 * steps * size, 2);
        int[] targets = [0, 2, 1, 2];
        int[] lengths = [2, 6, 5, 1];
        float batchLoss = network.ComputeGradients(inputs, targets, lengths);
        float[] batchGradients = network.Gradients.AsSpan().ToArray();

        double lossSum = 0;
        var gradientSum = new double[batchGradients.Length];
        for (int b = 0; b < 4; b++)
        {
            lossSum += network.ComputeGradients(inputs.AsSpan(b * steps * size, steps * size), targets.AsSpan(b, 1), lengths.AsSpan(b, 1));
            ReadOnlySpan<float> gradients = network.Gradients.AsSpan();
            for (int i = 0; i < gradients.Length; i++) gradientSum[i] += gradients[i];
        }
        Assert.Equal(lossSum / 4, batchLoss, 5);
        for (int i = 0; i < batchGradients.Length; i++)
        {
            Assert.True(Math.Abs(gradientSum[i] / 4 - batchGradients[i]) <= 1e-6 + 1e-5 * Math.Abs(batchGradients[i]),
                $"gradient {i}: batch {batchGradients[i]}, mean of single sequences {gradientSum[i] / 4}");
        }
    }

    [Fact]
    public void PaddedStepsOfSequenceOutputsAreZero()
    {
        var network = new Network(TestModels.StackedBidirectionalGru(variableLength: true));
        int steps = network.Spec.Steps;
        float[] inputs = TestModels.Inputs(3 * steps * network.InputSize, 3);
        var outputs = new float[3 * steps * network.OutputSize];
        outputs.AsSpan().Fill(float.NaN);
        int[] lengths = [2, 5, 3];
        network.Forward(inputs, outputs, lengths);
        for (int b = 0; b < 3; b++)
        {
            for (int t = 0; t < steps; t++)
            {
                for (int c = 0; c < network.OutputSize; c++)
                {
                    float value = outputs[(b * steps + t) * network.OutputSize + c];
                    if (t >= lengths[b]) Assert.Equal(0f, value);
                    else Assert.True(float.IsFinite(value) && value != 0f);
                }
            }
        }
    }

    [Fact]
    public void WhateverFillsThePaddingIsAcceptedAndNeverRead()
    {
        // Padding is staged as zeros: NaN or ∞ there (inputs or float targets) is accepted like an out-of-range token or
        // class, and changes nothing; a non-finite value in a real step is still refused, named by its index.
        var network = new Network(TestModels.StackedBidirectionalGru(variableLength: true));
        int steps = network.Spec.Steps, size = network.InputSize, width = network.OutputSize;
        int[] lengths = [2, 5, 3];
        float[] inputs = TestModels.Inputs(3 * steps * size, 4);
        float[] targets = TestModels.Inputs(3 * steps * width, 5);
        float cleanLoss = network.ComputeGradients(inputs, targets, lengths);
        float[] cleanGradients = network.Gradients.AsSpan().ToArray();
        var cleanOutputs = new float[3 * steps * width];
        network.Forward(inputs, cleanOutputs, lengths);

        float[] dirtyInputs = (float[])inputs.Clone(), dirtyTargets = (float[])targets.Clone();
        for (int b = 0; b < 3; b++)
        {
            dirtyInputs.AsSpan((b * steps + lengths[b]) * size, (steps - lengths[b]) * size).Fill(b == 1 ? float.PositiveInfinity : float.NaN);
            dirtyTargets.AsSpan((b * steps + lengths[b]) * width, (steps - lengths[b]) * width).Fill(float.NaN);
        }
        Assert.Equal(cleanLoss, network.ComputeGradients(dirtyInputs, dirtyTargets, lengths));
        Assert.Equal(cleanGradients, network.Gradients.AsSpan().ToArray());
        var outputs = new float[cleanOutputs.Length];
        network.Forward(dirtyInputs, outputs, lengths);
        Assert.Equal(cleanOutputs, outputs);

        int realIndex = (2 * steps + 1) * size + 2; // sequence 2, step 1 (of 3 real steps)
        dirtyInputs[realIndex] = float.NaN;
        var exception = Assert.Throws<ArgumentException>(() => network.ComputeGradients(dirtyInputs, dirtyTargets, lengths));
        Assert.Contains($"inputs[{realIndex}]", exception.Message);
        dirtyInputs[realIndex] = 0f;
        int realTarget = (1 * steps + 4) * width + 1;
        dirtyTargets[realTarget] = float.NegativeInfinity;
        exception = Assert.Throws<ArgumentException>(() => network.ComputeGradients(dirtyInputs, dirtyTargets, lengths));
        Assert.Contains($"targets[{realTarget}]", exception.Message);
    }
}
