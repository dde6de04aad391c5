using System;
using System.Collections.Generic;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Engine;

/// <summary>
/// Gradients against central finite differences of the loss, for every cell kind and option (an oracle that does
/// not depend on PyTorch). Float32 losses limit the precision, so the tolerance is loose but still catches a wrong
/// term (those show up as errors of order 1).
/// </summary>
public sealed class FiniteDifferenceTests
{
    public static IEnumerable<object[]> Specs()
    {
        yield return [new NetworkSpec(3, 4, false, 2, 1, [new RecurrentSpec("lstm", CellKind.Lstm, 5), new DenseSpec("head", 3)], new LossSpec(LossKind.CrossEntropy))];
        yield return [new NetworkSpec(3, 4, false, 2, 2, [new RecurrentSpec("gru", CellKind.Gru, 5, Layers: 2, Bidirectional: true), new DenseSpec("head", 2, Activation.Tanh)], new LossSpec(LossKind.Mse))];
        yield return [new NetworkSpec(2, 3, false, 2, 3, [new RecurrentSpec("rnn", CellKind.Rnn, 4, ReturnSequences: true), new DenseSpec("head", 2, Activation.Softmax)], new LossSpec(LossKind.Mae))];
        yield return [new NetworkSpec(2, 3, false, 2, 4, [new RecurrentSpec("rnn", CellKind.Rnn, 4, Bidirectional: true, ReturnSequences: true, Activation: Activation.Relu), new DenseSpec("d1", 3, Activation.Relu), new DenseSpec("head", 1, Activation.Sigmoid)], new LossSpec(LossKind.BinaryCrossEntropy))];
        yield return [new NetworkSpec(1, 3, false, 2, 5, [new EmbeddingSpec("embedding", 5, 3), new RecurrentSpec("lstm", CellKind.Lstm, 4, Layers: 2, ReturnSequences: true), new DenseSpec("head", 4)], new LossSpec(LossKind.CrossEntropy))];
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void GradientsMatchFiniteDifferences(NetworkSpec spec)
    {
        var network = new Network(spec);
        int batch = 2;
        Func<float> loss = LossFunctionFor(network, batch);
        loss();
        float[] analytic = network.Gradients.AsSpan().ToArray();
        Span<float> parameters = network.Parameters.AsSpan();
        const float epsilon = 1e-2f;
        int checkedCount = 0;
        for (int i = 0; i < network.ParameterCount; i += 3)
        {
            float original = parameters[i];
            parameters[i] = original + epsilon;
            Repack(network);
            double plus = loss();
            parameters[i] = original - epsilon;
            Repack(network);
            double minus = loss();
            parameters[i] = original;
            Repack(network);
            double numeric = (plus - minus) / (2 * epsilon);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 2e-3 + 2e-2 * Math.Abs(numeric),
                $"parameter {i}: analytic {analytic[i]}, finite difference {numeric}");
            checkedCount++;
        }
        Assert.True(checkedCount > 10);
    }

    /// <summary>Writing through AsSpan bypasses the change callback: copy the first tensor onto itself to repack.</summary>
    private static void Repack(Network network)
    {
        string name = network.Parameters.Names[0];
        var values = new float[network.Parameters.Length(name)];
        network.Parameters.CopyTo(name, values);
        network.Parameters.CopyFrom(name, values);
    }

    private static Func<float> LossFunctionFor(Network network, int batch)
    {
        NetworkSpec spec = network.Spec;
        int perSequenceOutputs = network.SequenceOutput ? spec.Steps : 1;
        if (network.TokenInput)
        {
            int[] tokens = TestModels.Classes(batch * spec.Steps, ((EmbeddingSpec)spec.Layers[0]).Vocab, 1);
            int[] classes = TestModels.Classes(batch * perSequenceOutputs, network.OutputSize, 2);
            return () => network.ComputeGradients(tokens, classes);
        }
        float[] inputs = TestModels.Inputs(batch * spec.Steps * spec.InputSize, 3);
        if (spec.Loss!.Kind == LossKind.CrossEntropy)
        {
            int[] classes = TestModels.Classes(batch * perSequenceOutputs, network.OutputSize, 4);
            return () => network.ComputeGradients(inputs, classes);
        }
        float[] targets = TestModels.Inputs(batch * perSequenceOutputs * network.OutputSize, 5);
        if (spec.Loss.Kind == LossKind.BinaryCrossEntropy)
            for (int i = 0; i < targets.Length; i++) targets[i] = targets[i] > 0 ? 1f : 0f;
        return () => network.ComputeGradients(inputs, targets);
    }
}
