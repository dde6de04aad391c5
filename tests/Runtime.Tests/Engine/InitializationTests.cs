using System;
using System.Linq;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Engine;

/// <summary>
/// The initializers a model can choose (<see cref="Initializer"/>), checked by their defining properties on matrices large
/// enough for the statistics to be tight: ranges and variances against torch.nn.init's formulas, orthonormal columns or
/// rows, zeros, the LSTM forget bias; and PyTorch's default, which must give every earlier model the values it had.
/// </summary>
public class InitializationTests
{
    private static float[] Values(Network network, string name)
    {
        var values = new float[network.Parameters.Length(name)];
        network.Parameters.CopyTo(name, values);
        return values;
    }

    private static Network Dense(int input, int units, Initializer weights, Initializer biases = Initializer.Default) =>
        new(new NetworkSpec(input, 1, false, 1, 3, [new DenseSpec("head", units, Weights: weights, Biases: biases)]));

    [Theory]
    [InlineData(Initializer.XavierUniform, 300, 200)]
    [InlineData(Initializer.KaimingUniform, 300, 200)]
    public void UniformSchemesFillTheirRange(Initializer initializer, int input, int units)
    {
        float[] w = Values(Dense(input, units, initializer), "head.weight");
        double bound = initializer == Initializer.XavierUniform ? Math.Sqrt(6.0 / (input + units)) : Math.Sqrt(6.0 / input);
        Assert.All(w, v => Assert.InRange(Math.Abs(v), 0, bound));
        Assert.True(w.Max(Math.Abs) > 0.99 * bound, $"largest |w| {w.Max(Math.Abs)} of bound {bound}");
        Assert.InRange(Variance(w), 0.95 * bound * bound / 3, 1.05 * bound * bound / 3);
        Assert.InRange(w.Average(), -0.01 * bound, 0.01 * bound);
    }

    [Theory]
    [InlineData(Initializer.XavierNormal, 300, 200)]
    [InlineData(Initializer.KaimingNormal, 300, 200)]
    public void NormalSchemesHaveTheirDeviation(Initializer initializer, int input, int units)
    {
        float[] w = Values(Dense(input, units, initializer), "head.weight");
        double deviation = initializer == Initializer.XavierNormal ? Math.Sqrt(2.0 / (input + units)) : Math.Sqrt(2.0 / input);
        Assert.InRange(Math.Sqrt(Variance(w)), 0.97 * deviation, 1.03 * deviation);
        Assert.InRange(w.Average(), -0.01 * deviation, 0.01 * deviation);
    }

    [Theory]
    [InlineData(96, 24)]   // tall: an LSTM's weight_hh shape, orthonormal columns
    [InlineData(10, 40)]   // wide: orthonormal rows
    [InlineData(17, 17)]   // square: orthogonal
    public void OrthogonalHasOrthonormalColumnsOrRows(int rows, int columns)
    {
        float[] w = Values(Dense(columns, rows, Initializer.Orthogonal), "head.weight");
        bool wide = rows < columns;
        int n = wide ? rows : columns, m = wide ? columns : rows;
        double At(int vector, int i) => wide ? w[vector * columns + i] : w[i * columns + vector];
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b <= a; b++)
            {
                double dot = 0;
                for (int i = 0; i < m; i++) dot += At(a, i) * At(b, i);
                Assert.True(Math.Abs(dot - (a == b ? 1 : 0)) < 1e-5, $"vectors {a}·{b} = {dot}");
            }
        }
    }

    [Fact]
    public void RecurrentLayerTakesEachSchemeForItsTensorsAndTheForgetBias()
    {
        const int hidden = 12;
        var spec = new NetworkSpec(5, 3, false, 2, 9,
        [
            new RecurrentSpec("lstm", CellKind.Lstm, hidden, Layers: 2, Bidirectional: true,
                InputWeights: Initializer.XavierUniform, RecurrentWeights: Initializer.Orthogonal, Biases: Initializer.Zeros, ForgetBias: 1f),
        ]);
        var network = new Network(spec);
        foreach (string suffix in new[] { "_l0", "_l0_reverse", "_l1", "_l1_reverse" })
        {
            float[] ih = Values(network, "lstm.weight_ih" + suffix);
            int input = suffix.StartsWith("_l0", StringComparison.Ordinal) ? 5 : 2 * hidden;
            double bound = Math.Sqrt(6.0 / (input + 4 * hidden));
            Assert.All(ih, v => Assert.InRange(Math.Abs(v), 0, bound));
            float[] hh = Values(network, "lstm.weight_hh" + suffix);
            for (int a = 0; a < hidden; a++)
            {
                double norm = 0;
                for (int i = 0; i < 4 * hidden; i++) norm += hh[i * hidden + a] * (double)hh[i * hidden + a];
                Assert.True(Math.Abs(norm - 1) < 1e-5, $"column {a} of weight_hh{suffix} has norm² {norm}");
            }
            float[] biasIh = Values(network, "lstm.bias_ih" + suffix), biasHh = Values(network, "lstm.bias_hh" + suffix);
            for (int r = 0; r < 4 * hidden; r++)
            {
                bool forget = r >= hidden && r < 2 * hidden;
                Assert.Equal(forget ? 1f : 0f, biasIh[r]);
                Assert.Equal(0f, biasHh[r]);
            }
        }
    }

    [Fact]
    public void ForgetBiasKeepsTheOtherGatesDefaultBiases()
    {
        var spec = new NetworkSpec(2, 3, false, 1, 4, [new RecurrentSpec("lstm", CellKind.Lstm, 8, ForgetBias: 2.5f)]);
        float[] biasIh = Values(new Network(spec), "lstm.bias_ih_l0");
        Assert.All(biasIh.Skip(8).Take(8), v => Assert.Equal(2.5f, v));
        float bound = 1f / MathF.Sqrt(8);
        Assert.All(biasIh.Take(8).Concat(biasIh.Skip(16)), v => Assert.InRange(Math.Abs(v), 1e-12, bound));
    }

    [Fact]
    public void ZerosAndEmbeddingSchemes()
    {
        var spec = new NetworkSpec(1, 2, false, 1, 5,
            [new EmbeddingSpec("embedding", 50, 8, Initializer.Orthogonal), new DenseSpec("head", 3, Weights: Initializer.Zeros, Biases: Initializer.Zeros)]);
        var network = new Network(spec);
        Assert.All(Values(network, "head.weight").Concat(Values(network, "head.bias")), v => Assert.Equal(0f, v));
        float[] table = Values(network, "embedding.weight");
        double norm = 0;
        for (int i = 0; i < 50; i++) norm += table[i * 8] * (double)table[i * 8];
        Assert.True(Math.Abs(norm - 1) < 1e-5, $"column 0 of the orthogonal [50, 8] table has norm² {norm}");
    }

    /// <summary>FNV-1a of every parameter's bits, recorded before initializers existed: a seed still gives the same model.</summary>
    [Theory]
    [InlineData("lstm", 0xF4BBB751DFFEC0CAUL)]
    [InlineData("tokens", 0x9C6C9115FFBCC32BUL)]
    [InlineData("gru", 0x4D38C0397EF4A4CAUL)]
    public void DefaultInitializationIsUnchanged(string model, ulong expected)
    {
        NetworkSpec spec = model switch
        {
            "lstm" => new NetworkSpec(5, 6, false, 4, 7, [new RecurrentSpec("lstm", CellKind.Lstm, 7, Layers: 2, Bidirectional: true), new DenseSpec("head", 3)]),
            "tokens" => new NetworkSpec(1, 4, false, 2, 3, [new EmbeddingSpec("embedding", 11, 4), new RecurrentSpec("rnn", CellKind.Rnn, 9), new DenseSpec("head", 1)]),
            _ => new NetworkSpec(3, 5, false, 3, 11, [new RecurrentSpec("gru", CellKind.Gru, 6, ReturnSequences: true), new DenseSpec("out", 2)]),
        };
        ulong hash = 14695981039346656037UL;
        foreach (float v in new Network(spec).Parameters.AsSpan())
        {
            hash ^= BitConverter.SingleToUInt32Bits(v);
            hash *= 1099511628211UL;
        }
        Assert.Equal(expected, hash);
    }

    [Theory]
    [InlineData("bias")]
    [InlineData("forget-gru")]
    [InlineData("forget-nan")]
    [InlineData("undefined")]
    public void InvalidInitializationIsRejectedByName(string problem)
    {
        LayerSpec layer = problem switch
        {
            "bias" => new DenseSpec("head", 2, Biases: Initializer.XavierUniform),
            "forget-gru" => new RecurrentSpec("gru", CellKind.Gru, 4, ForgetBias: 1f),
            "forget-nan" => new RecurrentSpec("lstm", CellKind.Lstm, 4, ForgetBias: float.NaN),
            _ => new RecurrentSpec("rnn", CellKind.Rnn, 4, RecurrentWeights: (Initializer)12),
        };
        var error = Assert.Throws<ArgumentException>(() => new Network(new NetworkSpec(2, 2, false, 1, 1, [layer])));
        Assert.Contains($"layer '{layer.Name}'", error.Message);
    }

    private static double Variance(float[] values)
    {
        double mean = values.Average(v => (double)v);
        return values.Average(v => (v - mean) * (v - mean));
    }
}
