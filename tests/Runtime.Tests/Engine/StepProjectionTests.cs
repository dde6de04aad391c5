using System;
using ModelCompiler.Runtime.Simd;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Engine;

/// <summary>
/// A full, unpadded batch of 32 or more sequences takes its input projection step by step inside the recurrence; one
/// sequence alone takes it for all its steps in one pass. Every element is the same sum either way, so the outputs of
/// the batch are each sequence's own bits, on every path and on one or two cores (bidirectional layers included,
/// whose backward direction projects its steps last to first).
/// </summary>
public sealed class StepProjectionTests
{
    private const int Batch = 32;

    public static TheoryData<string, int> Cases() => new() { { "lstm", 1 }, { "lstm", 2 }, { "bigru", 1 }, { "bigru", 2 } };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_full_batch_gives_each_sequence_its_bits_alone(string model, int cores)
    {
        NetworkSpec spec = model == "lstm" ? TestModels.LstmClassifier(steps: 6, batch: Batch) : TestModels.StackedBidirectionalGru(steps: 5, batch: Batch);
        foreach (Isa isa in TestModels.SupportedIsas())
        {
            var network = new Network(spec) { Isa = isa, Cores = cores };
            int inputLength = spec.Steps * network.InputSize, outputLength = network.OutputSize * (model == "lstm" ? 1 : spec.Steps);
            float[] inputs = TestModels.Inputs(Batch * inputLength, 5);
            var outputs = new float[Batch * outputLength];
            network.Forward(inputs, outputs);
            foreach (int b in new[] { 0, 1, 15, 16, 31 })
            {
                var alone = new float[outputLength];
                network.Predict(inputs.AsSpan(b * inputLength, inputLength), alone);
                Assert.True(alone.AsSpan().SequenceEqual(outputs.AsSpan(b * outputLength, outputLength)), $"{model}, {isa}, {cores} core(s): sequence {b} differs from its batch row.");
            }
        }
    }
}
