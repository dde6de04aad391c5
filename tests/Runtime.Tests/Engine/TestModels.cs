using System;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Tests.Engine;

/// <summary>Small specs covering every layer kind, with sizes that are not multiples of 8 or 16.</summary>
internal static class TestModels
{
    public static NetworkSpec LstmClassifier(int steps = 6, int batch = 4, bool variableLength = false) => new(
        InputSize: 5, Steps: steps, VariableLength: variableLength, BatchSize: batch, Seed: 7,
        Layers: [new RecurrentSpec("lstm", CellKind.Lstm, 7), new DenseSpec("head", 3)],
        Loss: new LossSpec(LossKind.CrossEntropy),
        Optimizer: new OptimizerSpec(OptimizerKind.Adam, 1e-2f),
        Clip: new ClipSpec(ClipKind.Norm, 1f));

    public static NetworkSpec StackedBidirectionalGru(int steps = 5, int batch = 3, bool variableLength = false) => new(
        InputSize: 3, Steps: steps, VariableLength: variableLength, BatchSize: batch, Seed: 11,
        Layers:
        [
            new RecurrentSpec("gru", CellKind.Gru, 6, Layers: 2, Bidirectional: true, ReturnSequences: true),
            new DenseSpec("out", 2, Activation.Tanh),
        ],
        Loss: new LossSpec(LossKind.Mse),
        Optimizer: new OptimizerSpec(OptimizerKind.Sgd, 0.05f, Momentum: 0.9f));

    public static NetworkSpec TokenRnn(int steps = 4, int batch = 2) => new(
        InputSize: 1, Steps: steps, VariableLength: false, BatchSize: batch, Seed: 3,
        Layers:
        [
            new EmbeddingSpec("embedding", 11, 4),
            new RecurrentSpec("rnn", CellKind.Rnn, 9, Activation: Activation.Relu),
            new DropoutSpec("dropout", 0.25f),
            new DenseSpec("head", 1, Activation.Sigmoid),
        ],
        Loss: new LossSpec(LossKind.BinaryCrossEntropy),
        Optimizer: new OptimizerSpec(OptimizerKind.RmsProp, 1e-2f));

    /// <summary>Deterministic inputs in [−1, 1).</summary>
    public static float[] Inputs(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }

    public static int[] Classes(int length, int classes, int seed)
    {
        var random = new Random(seed);
        var values = new int[length];
        for (int i = 0; i < length; i++) values[i] = random.Next(classes);
        return values;
    }

    public static Isa[] SupportedIsas()
    {
        var isas = new System.Collections.Generic.List<Isa>();
        foreach (Isa isa in Enum.GetValues<Isa>()) if (IsaSelector.IsSupported(isa)) isas.Add(isa);
        return isas.ToArray();
    }
}
