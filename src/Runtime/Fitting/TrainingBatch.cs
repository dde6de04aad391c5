using System;
using ModelCompiler.Runtime.Data;

namespace ModelCompiler.Runtime.Fitting;

/// <summary>A minibatch of <see cref="TrainingData"/>: the model's sequences and, for a pair, their sources, filled together.</summary>
internal sealed class TrainingBatch
{
    public TrainingBatch(TrainingData shape, int capacity)
    {
        Main = new MiniBatch(shape.Main, capacity);
        Sources = shape.Sources is null ? null : new MiniBatch(shape.Sources, capacity);
    }

    public MiniBatch Main { get; }

    public MiniBatch? Sources { get; }

    public int Capacity => Main.Capacity;

    public int Count => Main.Count;

    /// <summary>Copies the sequences at <paramref name="indices"/> (and their sources) in.</summary>
    public void Fill(TrainingData data, ReadOnlySpan<int> indices)
    {
        Main.Fill(data.Main, indices);
        if (Sources is not null) Sources.Fill(data.Sources!, indices);
    }
}
