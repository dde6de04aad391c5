using ModelCompiler.Runtime.Data;
using ModelCompiler.Runtime.Fitting;
using ModelCompiler.Runtime.Training;

namespace ModelCompiler.Runtime.Tests.Fitting;

/// <summary>Small models and seeded data for the training-loop tests.</summary>
internal static class FittingData
{
    public static Network Classifier(int seed = 1, bool dropout = false) => new(new NetworkSpec(
        InputSize: 3, Steps: 5, VariableLength: false, BatchSize: 8, Seed: seed,
        Layers: dropout
            ? [new RecurrentSpec("lstm", CellKind.Lstm, 6, Layers: 2, Dropout: 0.3f), new DropoutSpec("dropout", 0.2f), new DenseSpec("head", 2)]
            : [new RecurrentSpec("lstm", CellKind.Lstm, 6), new DenseSpec("head", 2)],
        Loss: new LossSpec(LossKind.CrossEntropy),
        Optimizer: new OptimizerSpec(OptimizerKind.Adam, 1e-2f)));

    /// <summary>Sequences of 5 steps × 3 features; the class is whether the first feature sums above zero (or random labels).</summary>
    public static SequenceDataset Sequences(int count, long seed, bool randomLabels = false)
    {
        var random = new DeterministicRandom(seed);
        float[] inputs = new float[count * 15];
        int[] classes = new int[count];
        for (int i = 0; i < count; i++)
        {
            float sum = 0;
            for (int j = 0; j < 15; j++)
            {
                inputs[i * 15 + j] = random.NextUniform(1f);
                if (j % 3 == 0) sum += inputs[i * 15 + j];
            }
            classes[i] = randomLabels ? random.NextInt(2) : sum > 0 ? 1 : 0;
        }
        return SequenceDataset.FromFloats(inputs, steps: 5, features: 3, SequenceTargets.FromClasses(classes));
    }

    public static TrainerOptions Quiet(int epochs) => new() { Epochs = epochs, Seed = 9, Progress = ProgressMode.None };

    public static float[] AllParameters(Network network) => network.Parameters.AsSpan().ToArray();
}
