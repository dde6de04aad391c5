using System;

namespace ModelCompiler.Runtime.Layers;

/// <summary>
/// What the cell updates of one loop iteration need about the batch: its size, each sequence's length, the mode and
/// where the direction's output rows sit in the layer output.
/// </summary>
internal readonly ref struct StepRows
{
    public StepRows(int batch, ReadOnlySpan<int> lengths, bool training, int outputStride, int outputOffset)
    {
        Batch = batch;
        Lengths = lengths;
        Training = training;
        OutputStride = outputStride;
        OutputOffset = outputOffset;
    }

    public int Batch { get; }
    public ReadOnlySpan<int> Lengths { get; }
    public bool Training { get; }
    public int OutputStride { get; }
    public int OutputOffset { get; }
}
