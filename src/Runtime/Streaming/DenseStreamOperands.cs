using System.ComponentModel;
using System.Runtime.InteropServices;
using ModelCompiler.Runtime.Memory;

namespace ModelCompiler.Runtime.Streaming;

/// <summary>
/// What a generated streaming kernel reads for one Dense layer: the packed weights the engine uses and a row the
/// kernel may write the layer's output into (row 0 of the layer's output, which a streaming step owns).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class DenseStreamOperands
{
    private readonly AlignedBuffer _weights, _bias, _output;

    internal DenseStreamOperands(int inputDepth, int unitsPadded, int runLength, AlignedBuffer weights, AlignedBuffer bias, AlignedBuffer output)
    {
        InputDepth = inputDepth;
        UnitsPadded = unitsPadded;
        RunLength = runLength;
        (_weights, _bias, _output) = (weights, bias, output);
    }

    /// <summary>Input columns the product reads.</summary>
    public int InputDepth { get; }

    /// <summary>Floats per weight row and in the output row (the units rounded up to 16).</summary>
    public int UnitsPadded { get; }

    /// <summary>Inputs per run of the product's summation (<see cref="Kernels.ProductRuns"/>).</summary>
    public int RunLength { get; }

    /// <summary>W transposed, <c>[input][UnitsPadded]</c>.</summary>
    public ref float Weights => ref MemoryMarshal.GetReference(_weights.Span);

    /// <summary>b, <c>[UnitsPadded]</c>.</summary>
    public ref float Bias => ref MemoryMarshal.GetReference(_bias.Span);

    /// <summary>The output row, <c>[UnitsPadded]</c>.</summary>
    public ref float Output => ref MemoryMarshal.GetReference(_output.Span);
}
