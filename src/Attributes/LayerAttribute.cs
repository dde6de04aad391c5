using System;

namespace ModelCompiler
{
    /// <summary>Base of every layer attribute.</summary>
    public abstract class LayerAttribute : Attribute
    {
        /// <summary>
        /// Name of the layer, used as the PyTorch submodule name of its parameters. Default: the kind in lower
        /// case, with <c>_1</c>, <c>_2</c> … on repeats.
        /// </summary>
        public string? Name { get; set; }

        /// <summary>
        /// Whether training changes the layer's parameters (default true). False freezes them, as PyTorch's
        /// <c>layer.requires_grad_(False)</c> does, e.g. for pretrained vectors or a pretrained encoder copied in: they get
        /// no gradient, no update and no weight decay, while gradients still flow through the layer to the ones before it
        /// (layers with no learning layer before them skip their input's gradient). Nothing to freeze on a Dropout.
        /// </summary>
        public bool Trainable { get; set; } = true;
    }

    /// <summary>Base of the recurrent layer attributes (<see cref="RnnAttribute"/>, <see cref="LstmAttribute"/>, <see cref="GruAttribute"/>).</summary>
    public abstract class RecurrentLayerAttribute : LayerAttribute
    {
        /// <summary>Creates a recurrent layer of <paramref name="hidden"/> units.</summary>
        protected RecurrentLayerAttribute(int hidden) => Hidden = hidden;

        /// <summary>Hidden units per direction.</summary>
        public int Hidden { get; }

        /// <summary>Stacked layers, like PyTorch <c>num_layers</c>.</summary>
        public int Layers { get; set; } = 1;

        /// <summary>Run a second direction backwards in time; outputs concatenate forward then reverse.</summary>
        public bool Bidirectional { get; set; }

        /// <summary>Return every step (many-to-many) instead of the final state only (many-to-one).</summary>
        public bool ReturnSequences { get; set; }

        /// <summary>Dropout between stacked layers (training only), like PyTorch's <c>dropout</c>.</summary>
        public float Dropout { get; set; }

        /// <summary>Initialization of every <c>weight_ih</c> (input to gates). Default: PyTorch's U(±1/√hidden).</summary>
        public Initializer InputWeights { get; set; }

        /// <summary>Initialization of every <c>weight_hh</c> (hidden to gates), e.g. <see cref="Initializer.Orthogonal"/>. Default: PyTorch's U(±1/√hidden).</summary>
        public Initializer RecurrentWeights { get; set; }

        /// <summary>Initialization of every <c>bias_ih</c> and <c>bias_hh</c>: <see cref="Initializer.Default"/> (PyTorch's U(±1/√hidden)) or <see cref="Initializer.Zeros"/>.</summary>
        public Initializer Biases { get; set; }
    }
}
