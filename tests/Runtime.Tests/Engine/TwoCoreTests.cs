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
[Collection(SecondCoreCollection.Name)]
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
        Assert.DoesNotContain("Actual value was", error.Message); // the value is named once, in our words
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

    /// <summary>
    /// A layer's two weight gradients as a pair: the second core takes all of the first product and the first rows of
    /// the second. Each element must come out as the two products computed alone, one after the other.
    /// </summary>
    [Theory]
    [InlineData(32, 600, 512, 512, 560, 128)]   // dW_ih (as xᵀ·dPre) beside dW_hh, train-rows' widths
    [InlineData(32, 300, 96, 96, 280, 96)]      // a first product nearly half the work: the second core gets 28 rows of the second
    public void A_pair_of_products_on_two_cores_gives_each_product_s_bits(int m1, int rows1, int n1, int m2, int rows2, int n2)
    {
        var first = new MultiplyCase(m1, rows1, n1, transposedA: true, accumulate: false, withBias: false, seed: 3);
        var second = new MultiplyCase(m2, rows2, n2, transposedA: true, accumulate: false, withBias: false, seed: 4);
        foreach (Isa isa in TestModels.SupportedIsas())
        {
            float[] alone1 = first.Run(isa), alone2 = second.Run(isa);
            long halves = SecondCore.HalvesRun;
            (float[] pair1, float[] pair2) = isa switch
            {
                Isa.Avx512 => RunPair<Avx512Isa, System.Runtime.Intrinsics.Vector512<float>>(first, second),
                Isa.Avx2 => RunPair<Avx2Isa, System.Runtime.Intrinsics.Vector256<float>>(first, second),
                _ => RunPair<PortableIsa, System.Runtime.Intrinsics.Vector128<float>>(first, second),
            };
            if (SecondCore.Exists) Assert.True(SecondCore.HalvesRun > halves, $"{isa}: the pair did not split.");
            AssertSameBits(isa, "first", alone1, pair1);
            AssertSameBits(isa, "second", alone2, pair2);
        }
    }

    private static (float[], float[]) RunPair<TIsa, TVec>(MultiplyCase first, MultiplyCase second)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        float[] c1 = first.InitialC.Span.ToArray(), c2 = second.InitialC.Span.ToArray();
        MatMul<TIsa, TVec>.MultiplyTransposedAPair(
            first.A.Span, first.Lda, first.B.Span, first.Ldb, c1, first.Ldc, first.K, first.M, first.N,
            second.A.Span, second.Lda, second.B.Span, second.Ldb, c2, second.Ldc, second.K, second.M, second.N, twoCores: true);
        return (c1, c2);
    }

    private static void AssertSameBits(Isa isa, string product, float[] expected, float[] actual)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"{isa}, {product} product: element {i} is {actual[i]:R} in the pair, {expected[i]:R} alone.");
        }
    }

    /// <summary>
    /// One sequence: the recurrent product W_hh·h of every step (a single row) splits its columns between the cores
    /// once it reaches <see cref="MatVec{TIsa, TVec}.SplitMultiplyAdds"/>. The input projection here is too small to
    /// split, so the halves counted are the recurrent products'. GRU 112: 336 gate columns, split 160 / 176.
    /// </summary>
    [Theory]
    [InlineData(CellKind.Lstm, 128)]
    [InlineData(CellKind.Gru, 112)]
    [InlineData(CellKind.Rnn, 192)]
    public void Predicting_one_sequence_on_two_cores_gives_the_bits_of_one_core(CellKind cell, int hidden)
    {
        NetworkSpec spec = new(InputSize: 4, Steps: 5, VariableLength: false, BatchSize: 1, Seed: 9,
            Layers: [new RecurrentSpec("rnn", cell, hidden), new DenseSpec("head", 3)]);
        float[] sequence = TestModels.Inputs(5 * 4, seed: 6);
        foreach (Isa isa in TestModels.SupportedIsas())
        {
            var one = new Network(spec) { Isa = isa };
            var two = new Network(spec) { Isa = isa, Cores = 2 };
            float[] expected = new float[3], actual = new float[3];
            one.Predict(sequence, expected);
            long halves = SecondCore.HalvesRun;
            two.Predict(sequence, actual);
            if (SecondCore.Exists) Assert.True(SecondCore.HalvesRun - halves >= 4, $"{cell} {isa}: the recurrent products did not split.");
            AssertSameBits(isa, $"{cell} {hidden} output", expected, actual);
        }
    }

    [Fact]
    public void Predicting_one_sequence_on_two_cores_allocates_nothing()
    {
        NetworkSpec spec = new(InputSize: 4, Steps: 5, VariableLength: false, BatchSize: 1, Seed: 9,
            Layers: [new RecurrentSpec("rnn", CellKind.Lstm, 128), new DenseSpec("head", 3)]);
        var network = new Network(spec) { Cores = 2 };
        float[] sequence = TestModels.Inputs(5 * 4, seed: 6), output = new float[3];
        Assert.Equal(0, AllocationProbe.BytesPerCall(() => network.Predict(sequence, output)));
    }

    /// <summary>A one-row product in runs (depth 32, runs of 8) with 65 output vectors, split 32 / 33, with and without a bias.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_one_row_product_in_runs_on_two_cores_gives_the_bits_of_one_core(bool hasBias)
    {
        const int k = 32, n = 1040;
        int runLength = ProductRuns.Length(k);
        float[] x = TestModels.Inputs(k, seed: 11), w = TestModels.Inputs(k * n, seed: 12), bias = TestModels.Inputs(n, seed: 13);
        foreach (Isa isa in TestModels.SupportedIsas())
        {
            long halves = SecondCore.HalvesRun;
            float[] one = RunMatVec(isa, x, w, bias, hasBias, k, n, runLength, twoCores: false);
            float[] two = RunMatVec(isa, x, w, bias, hasBias, k, n, runLength, twoCores: true);
            if (SecondCore.Exists) Assert.True(SecondCore.HalvesRun > halves, $"{isa}: the product did not split.");
            AssertSameBits(isa, "one-row", one, two);
        }
    }

    private static float[] RunMatVec(Isa isa, float[] x, float[] w, float[] bias, bool hasBias, int k, int n, int runLength, bool twoCores) => isa switch
    {
        Isa.Avx512 => RunMatVec<Avx512Isa, System.Runtime.Intrinsics.Vector512<float>>(x, w, bias, hasBias, k, n, runLength, twoCores),
        Isa.Avx2 => RunMatVec<Avx2Isa, System.Runtime.Intrinsics.Vector256<float>>(x, w, bias, hasBias, k, n, runLength, twoCores),
        _ => RunMatVec<PortableIsa, System.Runtime.Intrinsics.Vector128<float>>(x, w, bias, hasBias, k, n, runLength, twoCores),
    };

    private static float[] RunMatVec<TIsa, TVec>(float[] x, float[] w, float[] bias, bool hasBias, int k, int n, int runLength, bool twoCores)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        var y = new float[n];
        MatVec<TIsa, TVec>.Multiply(ref x[0], k, ref w[0], n, ref y[0], n, ref bias[0], hasBias, runLength, twoCores);
        return y;
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
