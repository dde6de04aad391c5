using System;
using ModelCompiler.Runtime.Kernels;
using ModelCompiler.Runtime.Simd;
using ModelCompiler.Runtime.Tests.Kernels;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Engine;

/// <summary>
/// Network.Cores = 2: large products hand half of their output to a second core, and every element is still
/// computed whole by one core in the same order, so training and inference give the same bits as on one core.
/// </summary>
public class TwoCoreTests
{
    /// <summary>Large enough that the products split (≥ 2¹⁹ multiply-adds), small enough to run in a blink.</summary>
    private static NetworkSpec Spec(CellKind cell, int hidden) => new(
        InputSize: 12, Steps: 6, VariableLength: true, BatchSize: 32, Seed: 5,
        Layers: [new RecurrentSpec("rnn", cell, hidden), new DenseSpec("head", 70)],
        Loss: new LossSpec(LossKind.CrossEntropy),
        Optimizer: new OptimizerSpec(OptimizerKind.Adam, 1e-2f),
        Clip: new ClipSpec(ClipKind.Norm, 1f));

    [Theory]
    [InlineData(CellKind.Lstm, 72, true)]
    [InlineData(CellKind.Gru, 96, true)]
    [InlineData(CellKind.Rnn, 100, true)]
    [InlineData(CellKind.Lstm, 72, false)]
    [InlineData(CellKind.Gru, 96, false)]
    public void Training_on_two_cores_gives_the_bits_of_one_core_on_every_path(CellKind cell, int hidden, bool variableLengths)
    {
        float[] inputs = TestModels.Inputs(32 * 6 * 12, seed: 1);
        int[] classes = TestModels.Classes(32, 70, seed: 2);
        int[] lengths = new int[32];
        for (int b = 0; b < lengths.Length; b++) lengths[b] = variableLengths ? 1 + b % 6 : 6;
        foreach (Isa isa in TestModels.SupportedIsas())
        {
            var one = new Network(Spec(cell, hidden)) { Isa = isa };
            var two = new Network(Spec(cell, hidden)) { Isa = isa, Cores = 2 };
            long halves = SecondCore.HalvesRun;
            for (int step = 0; step < 3; step++)
            {
                float lossOne = one.TrainStep(inputs, classes, lengths);
                float lossTwo = two.TrainStep(inputs, classes, lengths);
                Assert.Equal(BitConverter.SingleToInt32Bits(lossOne), BitConverter.SingleToInt32Bits(lossTwo));
            }
            if (SecondCore.Exists) Assert.True(SecondCore.HalvesRun > halves, $"{cell} {isa}: no product split.");
            foreach (string name in one.Parameters.Names)
            {
                float[] expected = Copy(one.Parameters, name), actual = Copy(two.Parameters, name);
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                        $"{cell} {isa}: {name}[{i}] is {actual[i]:R} on two cores, {expected[i]:R} on one.");
                }
            }
            var outputsOne = new float[32 * 70];
            var outputsTwo = new float[32 * 70];
            one.Forward(inputs, outputsOne, lengths);
            two.Forward(inputs, outputsTwo, lengths);
            Assert.Equal(outputsOne, outputsTwo);
        }
    }

    [Fact]
    public void Training_on_two_cores_allocates_nothing()
    {
        var network = new Network(Spec(CellKind.Lstm, 72)) { Cores = 2 };
        float[] inputs = TestModels.Inputs(32 * 6 * 12, seed: 3);
        int[] classes = TestModels.Classes(32, 70, seed: 4);
        Assert.Equal(0, AllocationProbe.BytesPerCall(() => network.TrainStep(inputs, classes)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Cores_other_than_one_or_two_are_rejected(int cores)
    {
        var network = new Network(Spec(CellKind.Gru, 8));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => network.Cores = cores);
        Assert.Contains($"Cores must be 1 or 2, but it is {cores}", error.Message);
        Assert.Equal(1, network.Cores);
    }

    [Theory]
    [InlineData(64, 128, 128, false, true)]   // splits by row tiles
    [InlineData(4, 256, 512, true, false)]    // one row tile: splits by column panels
    [InlineData(4096, 16, 16, false, true)]   // rows, in runs (ProductRuns: depth 16)
    public void A_product_on_two_cores_gives_the_bits_of_one_core(int m, int k, int n, bool accumulate, bool withBias)
    {
        var test = new MultiplyCase(m, k, n, transposedA: false, accumulate, withBias, seed: m + k);
        int runLength = ProductRuns.Length(k);
        foreach (Isa isa in TestModels.SupportedIsas())
        {
            long halves = SecondCore.HalvesRun;
            float[] one = test.Run(isa, runLength, twoCores: false), two = test.Run(isa, runLength, twoCores: true);
            if (SecondCore.Exists) Assert.True(SecondCore.HalvesRun > halves, $"{isa}: the product did not split.");
            for (int i = 0; i < one.Length; i++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(one[i]) == BitConverter.SingleToInt32Bits(two[i]),
                    $"{isa} {test}: element {i} is {two[i]:R} on two cores, {one[i]:R} on one.");
            }
        }
    }

    [Fact]
    public void The_holder_of_the_second_core_cannot_take_it_twice()
    {
        if (!SecondCore.TryAcquire()) return; // no second core on this machine
        try
        {
            Assert.False(SecondCore.TryAcquire());
        }
        finally
        {
            SecondCore.Post(new NoWork());
            SecondCore.WaitAndRelease();
        }
        Assert.True(SecondCore.TryAcquire()); // free again
        SecondCore.Post(new NoWork());
        SecondCore.WaitAndRelease();
    }

    private sealed class NoWork : CoreWork
    {
        public override void Run() { }
    }

    private static float[] Copy(ParameterSet set, string name)
    {
        int count = 1;
        foreach (int d in set.Shape(name)) count *= d;
        var values = new float[count];
        set.CopyTo(name, values);
        return values;
    }
}
