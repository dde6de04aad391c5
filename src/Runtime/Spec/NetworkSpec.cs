namespace ModelCompiler.Runtime;

/// <summary>Recurrent cell kind.</summary>
public enum CellKind
{
    /// <summary><c>nn.RNN</c> (Elman, tanh or ReLU).</summary>
    Rnn,

    /// <summary><c>nn.LSTM</c>.</summary>
    Lstm,

    /// <summary><c>nn.GRU</c>.</summary>
    Gru,
}

/// <summary>Optimizer kind.</summary>
public enum OptimizerKind
{
    /// <summary><c>torch.optim.SGD</c>.</summary>
    Sgd,

    /// <summary><c>torch.optim.Adam</c>.</summary>
    Adam,

    /// <summary><c>torch.optim.AdamW</c>.</summary>
    AdamW,

    /// <summary><c>torch.optim.RMSprop</c>.</summary>
    RmsProp,
}

/// <summary>Gradient clipping kind.</summary>
public enum ClipKind
{
    /// <summary>No clipping.</summary>
    None,

    /// <summary><c>clip_grad_norm_</c>: one global L2 norm over all gradients.</summary>
    Norm,

    /// <summary><c>clip_grad_value_</c>: each gradient into [−max, max].</summary>
    Value,
}

/// <summary>
/// The checked, fully resolved description of a model that the generator emits and the runtime executes.
/// Sizes are the user's (unpadded) sizes; the runtime derives its padded internal layout from them.
/// </summary>
/// <param name="InputSize">Float features per step; 1 for token models (one token per step).</param>
/// <param name="Steps">Exact steps, or the bound when <paramref name="VariableLength"/>.</param>
/// <param name="VariableLength">True for <c>MaxSteps</c> models.</param>
/// <param name="BatchSize">Largest minibatch.</param>
/// <param name="Seed">Initialization and dropout seed.</param>
/// <param name="Layers">Layers in order; an <see cref="EmbeddingSpec"/> can only be first.</param>
/// <param name="Loss">Training loss; null for inference-only models.</param>
/// <param name="Optimizer">Optimizer; needs a loss.</param>
/// <param name="Clip">Gradient clipping applied before each update.</param>
public sealed record NetworkSpec(
    int InputSize,
    int Steps,
    bool VariableLength,
    int BatchSize,
    int Seed,
    LayerSpec[] Layers,
    LossSpec? Loss = null,
    OptimizerSpec? Optimizer = null,
    ClipSpec? Clip = null);

/// <summary>A layer; <see cref="Name"/> prefixes its PyTorch parameter names.</summary>
public abstract record LayerSpec(string Name);

/// <summary>
/// <c>nn.Embedding(Vocab, Dim)</c>: parameter <c>{Name}.weight [Vocab, Dim]</c>, initialized by <paramref name="Weights"/>.
/// With <paramref name="Trainable"/> false the table is frozen (PyTorch's <c>weight.requires_grad_(False)</c>, e.g. for
/// pretrained vectors loaded into it): no gradient, no update, and no weight decay.
/// </summary>
public sealed record EmbeddingSpec(string Name, int Vocab, int Dim, Initializer Weights = Initializer.Default, bool Trainable = true) : LayerSpec(Name);

/// <summary>
/// <c>nn.RNN/LSTM/GRU(input, Hidden, num_layers: Layers, bidirectional, dropout, batch_first: true)</c>.
/// With <paramref name="ReturnSequences"/> false the layer outputs the final hidden state of its top layer
/// (forward then reverse, like PyTorch's <c>h_n</c>), so variable-length sequences give each one's last real step.
/// <paramref name="InputWeights"/>, <paramref name="RecurrentWeights"/> and <paramref name="Biases"/> (Default or
/// Zeros) initialize every <c>weight_ih</c>, <c>weight_hh</c> and bias; <paramref name="ForgetBias"/>, for LSTMs, then
/// sets the forget gate's slice of every <c>bias_ih</c> to it and of every <c>bias_hh</c> to 0. With
/// <paramref name="Trainable"/> false the layer is frozen (PyTorch's <c>requires_grad_(False)</c>): its gradients are
/// zero and no update touches it, while gradients still flow through it to the layers before.
/// </summary>
public sealed record RecurrentSpec(
    string Name,
    CellKind Cell,
    int Hidden,
    int Layers = 1,
    bool Bidirectional = false,
    bool ReturnSequences = false,
    float Dropout = 0f,
    Activation Activation = Activation.Tanh,
    Initializer InputWeights = Initializer.Default,
    Initializer RecurrentWeights = Initializer.Default,
    Initializer Biases = Initializer.Default,
    float? ForgetBias = null,
    bool Trainable = true) : LayerSpec(Name);

/// <summary>
/// <c>nn.Linear(in, Units)</c> followed by <paramref name="Activation"/>; <paramref name="Weights"/> and
/// <paramref name="Biases"/> (Default or Zeros) initialize its parameters; <paramref name="Trainable"/> false freezes it.
/// </summary>
public sealed record DenseSpec(
    string Name,
    int Units,
    Activation Activation = Activation.None,
    Initializer Weights = Initializer.Default,
    Initializer Biases = Initializer.Default,
    bool Trainable = true) : LayerSpec(Name);

/// <summary><c>nn.Dropout(P)</c>, inverted, training only.</summary>
public sealed record DropoutSpec(string Name, float P) : LayerSpec(Name);

/// <summary>The loss; PyTorch default <c>mean</c> reduction.</summary>
public sealed record LossSpec(LossKind Kind);

/// <summary>Optimizer hyperparameters with PyTorch defaults.</summary>
public sealed record OptimizerSpec(
    OptimizerKind Kind,
    float LearningRate,
    float Momentum = 0f,
    float Beta1 = 0.9f,
    float Beta2 = 0.999f,
    float Epsilon = 1e-8f,
    float WeightDecay = 0f,
    float Alpha = 0.99f,
    bool Nesterov = false);

/// <summary>Gradient clipping applied by <c>TrainStep</c> before the update.</summary>
public sealed record ClipSpec(ClipKind Kind, float Max);
