using System;
using System.Linq;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Engine;

/// <summary>
/// MAE's gradient where its true value is exactly 0: a Dense bias whose outputs sit above their targets as often as
/// below. Summed as ±1/N in float that leaves a residue of ~1e-9, which Adam turns into a step of ~0.1 × the learning
/// rate where PyTorch (float64) takes none; the gradient must be exactly 0 there, and the step with it.
/// </summary>
public class MaeGradientTests
{
    [Theory]
    [InlineData(3, 7)]   // 42 positions over 2 units: 1/N far from a power of two
    [InlineData(6, 7)]   // 84
    [InlineData(5, 9)]   // 90
    [InlineData(4, 5)]   // 40
    public void BalancedSignsGiveAnExactlyZeroBiasGradientAndNoStep(int batch, int steps)
    {
        var spec = new NetworkSpec(
            InputSize: 2, Steps: steps, VariableLength: false, BatchSize: batch, Seed: 5,
            Layers: [new RecurrentSpec("rnn", CellKind.Gru, 4, ReturnSequences: true), new DenseSpec("head", 2)],
            Loss: new LossSpec(LossKind.Mae),
            Optimizer: new OptimizerSpec(OptimizerKind.Adam, 1e-2f));
        var network = new Network(spec);
        float[] inputs = TestModels.Inputs(batch * steps * 2, seed: batch * 100 + steps);
        float[] outputs = new float[batch * steps * 2];
        network.Forward(inputs, outputs);

        // Unit 0: half the positions above their target, half below (in an interleaved, order-sensitive pattern);
        // unit 1: all above, so its bias gradient is 1/2 and the test also sees the scale applied.
        var random = new Random(batch * steps);
        int positions = batch * steps, signed = positions / 2 * 2;
        bool[] above = Enumerable.Range(0, signed).Select(p => p < signed / 2).OrderBy(_ => random.Next()).ToArray();
        float[] targets = new float[outputs.Length];
        for (int p = 0; p < positions; p++)
        {
            // The odd one out, if any, sits on its target (sign 0).
            targets[2 * p] = outputs[2 * p] + (p == signed ? 0f : above[p] ? -1f : 1f);
            targets[2 * p + 1] = outputs[2 * p + 1] - 1f;
        }

        network.ComputeGradients(inputs, targets);
        float[] bias = new float[2];
        network.Gradients.CopyTo("head.bias", bias);
        Assert.Equal(0f, bias[0]);
        Assert.Equal(0.5f, bias[1], 6);

        float[] before = new float[2], after = new float[2];
        network.Parameters.CopyTo("head.bias", before);
        network.TrainStep(inputs, targets);
        network.Parameters.CopyTo("head.bias", after);
        Assert.Equal(before[0], after[0]);
        Assert.NotEqual(before[1], after[1]);
    }
}
