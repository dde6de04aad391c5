using ModelCompiler.Generator.Model;

namespace ModelCompiler.Generator.Planning
{
    /// <summary>
    /// The compiled streaming step of a model: its layers in order (Dropout, an identity at inference, left out),
    /// with every size fixed, and the unroll policy the emitter applies per layer and instruction set.
    /// </summary>
    internal sealed record StreamKernelPlan(bool TokenInput, int InputSize, int OutputSize, UnrollPolicy Unroll, EquatableArray<StreamLayerPlan> Layers);

    /// <summary>One product-and-activation stage of the streaming step; <see cref="LayerIndex"/> is the layer's index in the spec.</summary>
    internal abstract record StreamLayerPlan(string Name, int LayerIndex, int Input, int Output)
    {
        /// <summary>Floats per padded row of this stage's output (the runtime pads every row to 16).</summary>
        public int OutputPadded => StreamLayout.Padded(Output);
    }

    /// <summary>Stacked layer <paramref name="Stacked"/> of a unidirectional recurrent layer.</summary>
    internal sealed record StreamRecurrentPlan(string Name, int LayerIndex, int Stacked, int StackedCount, CellKind Cell, bool Relu, int Input, int Hidden)
        : StreamLayerPlan(Name, LayerIndex, Input, Hidden)
    {
        public int Gates => Cell switch { CellKind.Lstm => 4, CellKind.Gru => 3, _ => 1 };

        /// <summary>Floats per packed weight row: the gate blocks, each padded to 16.</summary>
        public int GatesPadded => Gates * StreamLayout.Padded(Hidden);

        /// <summary>Floats from one packed weight row to the next.</summary>
        public int WeightStride => StreamLayout.WeightStride(GatesPadded);
    }

    /// <summary>The Embedding layer of a token model: the token's row of the table is the next stage's input.</summary>
    internal sealed record StreamEmbeddingPlan(string Name, int LayerIndex, int Vocab, int Dim)
        : StreamLayerPlan(Name, LayerIndex, 1, Dim);

    /// <summary>A Dense layer and its activation.</summary>
    internal sealed record StreamDensePlan(string Name, int LayerIndex, Activation Activation, int Input, int Units)
        : StreamLayerPlan(Name, LayerIndex, Input, Units);
}
