using System;
using ModelCompiler.Runtime.Memory;

namespace ModelCompiler.Runtime.Layers;

/// <summary>
/// The values flowing between two layers and their gradients, preallocated for the largest batch and sequence.
/// Sequences are stored time-major, <c>[step][batch][Layout.Padded]</c>, so the rows of one step are contiguous
/// for the recurrent matrix product and all steps × batch rows are contiguous for the input projection.
/// Non-sequences are <c>[batch][Layout.Padded]</c>.
/// </summary>
internal sealed class ActivationTensor
{
    public ActivationTensor(FeatureLayout layout, bool isSequence, int maxSteps, int maxBatch)
    {
        Layout = layout;
        IsSequence = isSequence;
        int rows = (isSequence ? maxSteps : 1) * maxBatch;
        Values = new AlignedBuffer(rows * layout.Padded);
        Gradients = new AlignedBuffer(rows * layout.Padded);
    }

    public FeatureLayout Layout { get; }

    public bool IsSequence { get; }

    public AlignedBuffer Values { get; }

    /// <summary>Gradient of the loss with respect to <see cref="Values"/>; layers accumulate into it.</summary>
    public AlignedBuffer Gradients { get; }

    /// <summary>Rows in use for a run of <paramref name="steps"/> × <paramref name="batch"/>.</summary>
    public int Rows(int steps, int batch) => IsSequence ? steps * batch : batch;

    /// <summary>The values of the rows in use.</summary>
    public Span<float> ValuesFor(in RunContext run) => Values.Slice(0, Rows(run.Steps, run.Batch) * Layout.Padded);

    /// <summary>The gradients of the rows in use.</summary>
    public Span<float> GradientsFor(in RunContext run) => Gradients.Slice(0, Rows(run.Steps, run.Batch) * Layout.Padded);
}
