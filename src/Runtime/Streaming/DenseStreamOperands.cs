using System.ComponentModel;
using ModelCompiler.Runtime.Memory;

namespace ModelCompiler.Runtime.Streaming;

/// <summary>
/// What a generated streaming kernel reads for one Dense layer: the packed weights the engine uses and a row the
/// kernel may write the layer's output into (row 0 of the layer's output, which a streaming step owns).
/// References point into pinned buffers through one field load each (no span checks on a step's path); a kernel
/// keeps this object reachable while it uses them.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed unsafe class DenseStreamOperands
{
    // The buffers' addresses, read by the compiled step: one load from this object instead of two (through the buffer).
    private readonly float* _weightsAddress, _biasAddress, _runLaneWeightsAddress, _outputAddress;

    // Held so that the pinned arrays behind those addresses live as long as this object.
    private readonly AlignedBuffer _weights, _bias, _runLaneWeights, _output;

    internal DenseStreamOperands(int inputDepth, int unitsPadded, int runLength, AlignedBuffer weights, AlignedBuffer bias, AlignedBuffer runLaneWeights, AlignedBuffer output)
    {
        InputDepth = inputDepth;
        UnitsPadded = unitsPadded;
        RunLength = runLength;
        (_weights, _bias, _runLaneWeights, _output) = (weights, bias, runLaneWeights, output);
        _weightsAddress = _weights.Address;
        _biasAddress = _bias.Address;
        _runLaneWeightsAddress = _runLaneWeights.Address;
        _outputAddress = _output.Address;
    }

    /// <summary>Input columns the product reads.</summary>
    public int InputDepth { get; }

    /// <summary>Floats per weight row and in the output row (the units rounded up to 16).</summary>
    public int UnitsPadded { get; }

    /// <summary>Inputs per run of the product's summation (<see cref="Kernels.ProductRuns"/>).</summary>
    public int RunLength { get; }

    /// <summary>W transposed, <c>[input][UnitsPadded]</c>.</summary>
    public ref float Weights => ref *_weightsAddress;

    /// <summary>b, <c>[UnitsPadded]</c>.</summary>
    public ref float Bias => ref *_biasAddress;

    /// <summary>
    /// A one-unit layer's weights with the runs side by side, <c>[RunLength][16]</c>: lane r of vector j is the
    /// weight of input r·RunLength + j (0 past the depth). Empty unless the layer has one unit.
    /// </summary>
    public ref float RunLaneWeights => ref *_runLaneWeightsAddress;

    /// <summary>The output row, <c>[UnitsPadded]</c>.</summary>
    public ref float Output => ref *_outputAddress;
}
