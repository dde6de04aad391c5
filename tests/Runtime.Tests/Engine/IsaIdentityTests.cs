using System;
using System.Linq;
using ModelCompiler.Runtime.Simd;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Engine;

/// <summary>SPEC §5: every path produces the same bits — outputs, loss, gradients and parameters after updates.</summary>
[Trait("Category", "Isa")]
public sealed class IsaIdentityTests
{
    [Fact]
    public void LstmClassifierTrainsBitIdenticallyOnEveryPath()
    {
        NetworkSpec spec = TestModels.LstmClassifier();
        float[] inputs = TestModels.Inputs(4 * spec.Steps * spec.InputSize, 1);
        int[] targets = TestModels.Classes(4, 3, 2);
        AssertSameOnEveryPath(spec, network =>
        {
            var losses = new float[3];
            for (int i = 0; i < 3; i++) losses[i] = network.TrainStep(inputs, targets);
            var outputs = new float[4 * network.OutputSize];
            network.Forward(inputs, outputs);
            return losses.Concat(outputs).Concat(network.Gradients.AsSpan().ToArray()).Concat(network.Parameters.AsSpan().ToArray()).ToArray();
        });
    }

    [Fact]
    public void BidirectionalGruWithVariableLengthsTrainsBitIdenticallyOnEveryPath()
    {
        NetworkSpec spec = TestModels.StackedBidirectionalGru(variableLength: true);
        float[] inputs = TestModels.Inputs(3 * spec.Steps * spec.InputSize, 3);
        float[] targets = TestModels.Inputs(3 * spec.Steps * 2, 4);
        int[] lengths = [5, 2, 4];
        AssertSameOnEveryPath(spec, network =>
        {
            float first = network.TrainStep(inputs, targets, lengths);
            float second = network.ComputeGradients(inputs, targets, lengths);
            return new[] { first, second }.Concat(network.Gradients.AsSpan().ToArray()).ToArray();
        });
    }

    [Fact]
    public void TokenModelWithDropoutTrainsBitIdenticallyOnEveryPath()
    {
        NetworkSpec spec = TestModels.TokenRnn();
        int[] tokens = TestModels.Classes(2 * spec.Steps, 11, 5);
        float[] targets = [1f, 0f];
        AssertSameOnEveryPath(spec, network =>
        {
            float loss = network.TrainStep(tokens, targets);
            var output = new float[1];
            network.Predict(tokens.AsSpan(0, spec.Steps), output);
            return new[] { loss, output[0] }.Concat(network.Parameters.AsSpan().ToArray()).ToArray();
        });
    }

    private static void AssertSameOnEveryPath(NetworkSpec spec, Func<Network, float[]> run)
    {
        Isa[] isas = TestModels.SupportedIsas();
        float[][] results = isas.Select(isa => run(new Network(spec) { Isa = isa })).ToArray();
        for (int k = 1; k < isas.Length; k++)
        {
            Assert.Equal(results[0].Length, results[k].Length);
            for (int i = 0; i < results[0].Length; i++)
            {
                int expected = BitConverter.SingleToInt32Bits(results[0][i]);
                int actual = BitConverter.SingleToInt32Bits(results[k][i]);
                Assert.True(expected == actual, $"{isas[k]} differs from {isas[0]} at {i}: {results[k][i]:R} vs {results[0][i]:R}");
            }
        }
    }

    [Fact]
    public void TheProcessWidePathIsTheBestSupported()
    {
        // Run under DOTNET_EnableAVX512=0 / DOTNET_EnableAVX2=0 by .ci/run: the default must follow the hardware switches.
        var network = new Network(TestModels.LstmClassifier());
        Assert.Equal(IsaSelector.Best, network.Isa);
        Assert.True(IsaSelector.IsSupported(network.Isa));
    }
}
