using System;
using System.Linq;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Engine;

/// <summary>
/// Inverted dropout: while training each feature is kept with probability 1 − p and scaled by 1/(1 − p); at
/// inference it is the identity; masks are seeded. A Dense layer with unit weights after the dropout makes the
/// mask visible: its weight gradient is 2·y·(mask ⊙ x).
/// </summary>
public sealed class DropoutTests
{
    private const int Features = 400;

    private static Network Build(float p, int seed = 1)
    {
        var network = new Network(new NetworkSpec(Features, 1, false, 1, seed,
            [new DropoutSpec("dropout", p), new DenseSpec("dense", 1)], new LossSpec(LossKind.Mse)));
        network.Parameters.CopyFrom("dense.weight", Enumerable.Repeat(1f, Features).ToArray());
        network.Parameters.CopyFrom("dense.bias", new float[1]);
        return network;
    }

    private static float[] MaskSeenByGradient(Network network)
    {
        float[] ones = Enumerable.Repeat(1f, Features).ToArray();
        network.ComputeGradients(ones, new float[1]);
        var gradient = new float[Features];
        network.Gradients.CopyTo("dense.weight", gradient);
        float y = MathF.Sqrt(gradient.Sum() / 2f);        // Σ 2y·mask_i = 2y·y, since y = Σ mask_i
        return gradient.Select(g => g / (2 * y)).ToArray(); // = mask_i
    }

    [Fact]
    public void TrainingKeepsAboutOneMinusPAndScalesByItsInverse()
    {
        float[] mask = MaskSeenByGradient(Build(0.25f));
        int kept = mask.Count(m => m != 0f);
        Assert.InRange(kept, 300 - 45, 300 + 45); // 3σ of Binomial(400, 0.75)
        Assert.All(mask.Where(m => m != 0f), m => Assert.Equal(1f / 0.75f, m, 4));
    }

    [Fact]
    public void InferenceIsTheIdentity()
    {
        Network network = Build(0.5f);
        var output = new float[1];
        network.Predict(Enumerable.Repeat(1f, Features).ToArray(), output);
        Assert.Equal(Features, output[0]);
    }

    [Fact]
    public void MasksAreSeededAndChangeEveryCall()
    {
        float[] first = MaskSeenByGradient(Build(0.5f, seed: 3));
        float[] again = MaskSeenByGradient(Build(0.5f, seed: 3));
        Assert.Equal(first, again);
        Network network = Build(0.5f, seed: 3);
        MaskSeenByGradient(network);
        Assert.NotEqual(first, MaskSeenByGradient(network));
    }
}
