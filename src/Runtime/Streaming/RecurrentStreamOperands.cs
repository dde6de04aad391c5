using System.ComponentModel;
using ModelCompiler.Runtime.Memory;

namespace ModelCompiler.Runtime.Streaming;

/// <summary>
/// What a generated streaming kernel reads and updates for one stacked layer of a unidirectional recurrent layer:
/// the packed weights the engine itself uses (refreshed in place whenever parameters change) and the kept state.
/// The layout facts let the generated code check, once, that its constants match this runtime.
/// References point into pinned buffers through one field load each (no span checks on a step's path); a kernel
/// keeps this object reachable while it uses them.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed unsafe class RecurrentStreamOperands
{
    // The buffers' addresses, read by the compiled step: one load from this object instead of two (through the buffer).
    private readonly float* _inputWeightsAddress, _recurrentWeightsAddress, _inputBiasAddress, _recurrentBiasAddress, _hiddenAddress, _cellAddress, _inputProductAddress, _recurrentProductAddress;

    // Held so that the pinned arrays behind those addresses live as long as this object.
    private readonly AlignedBuffer _inputWeights, _recurrentWeights, _inputBias, _recurrentBias, _hidden, _cell, _inputProduct, _recurrentProduct;

    internal RecurrentStreamOperands(
        int inputDepth, int hiddenPadded, int gatesPadded, int weightStride, int recurrentRunLength,
        AlignedBuffer inputWeights, AlignedBuffer recurrentWeights, AlignedBuffer inputBias, AlignedBuffer recurrentBias,
        AlignedBuffer hidden, AlignedBuffer cell, AlignedBuffer inputProduct, AlignedBuffer recurrentProduct)
    {
        InputDepth = inputDepth;
        HiddenPadded = hiddenPadded;
        GatesPadded = gatesPadded;
        WeightStride = weightStride;
        RecurrentRunLength = recurrentRunLength;
        (_inputWeights, _recurrentWeights, _inputBias, _recurrentBias) = (inputWeights, recurrentWeights, inputBias, recurrentBias);
        (_hidden, _cell, _inputProduct, _recurrentProduct) = (hidden, cell, inputProduct, recurrentProduct);
        _inputWeightsAddress = _inputWeights.Address;
        _recurrentWeightsAddress = _recurrentWeights.Address;
        _inputBiasAddress = _inputBias.Address;
        _recurrentBiasAddress = _recurrentBias.Address;
        _hiddenAddress = _hidden.Address;
        _cellAddress = _cell.Address;
        _inputProductAddress = _inputProduct.Address;
        _recurrentProductAddress = _recurrentProduct.Address;
    }

    /// <summary>Input columns the input product reads.</summary>
    public int InputDepth { get; }

    /// <summary>Floats per gate block and per state vector (the hidden size rounded up to 16).</summary>
    public int HiddenPadded { get; }

    /// <summary>Floats of gates per row (gate blocks one after another): the width of the biases, scratch rows and weight rows.</summary>
    public int GatesPadded { get; }

    /// <summary>Floats from one packed weight row to the next (<see cref="Kernels.WeightRowStride"/>): GatesPadded or a line more.</summary>
    public int WeightStride { get; }

    /// <summary>Inputs per run of the W_hh·h summation (<see cref="Kernels.ProductRuns"/>); the input product is one run.</summary>
    public int RecurrentRunLength { get; }

    /// <summary>W_ih transposed, <c>[input][WeightStride]</c>.</summary>
    public ref float InputWeights => ref *_inputWeightsAddress;

    /// <summary>W_hh transposed, <c>[hidden][WeightStride]</c>.</summary>
    public ref float RecurrentWeights => ref *_recurrentWeightsAddress;

    /// <summary>b_ih, <c>[GatesPadded]</c>.</summary>
    public ref float InputBias => ref *_inputBiasAddress;

    /// <summary>b_hh, <c>[GatesPadded]</c>.</summary>
    public ref float RecurrentBias => ref *_recurrentBiasAddress;

    /// <summary>The kept hidden state h, <c>[HiddenPadded]</c>.</summary>
    public ref float Hidden => ref *_hiddenAddress;

    /// <summary>The kept cell state c (LSTM), <c>[HiddenPadded]</c>.</summary>
    public ref float Cell => ref *_cellAddress;

    /// <summary>Scratch for b_ih + W_ih·x, <c>[GatesPadded]</c> (kernels that keep their products in memory).</summary>
    public ref float InputProduct => ref *_inputProductAddress;

    /// <summary>Scratch for b_hh + W_hh·h, <c>[GatesPadded]</c>.</summary>
    public ref float RecurrentProduct => ref *_recurrentProductAddress;
}
