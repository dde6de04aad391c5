using ModelCompiler;

namespace ModelCompiler.Runtime.Tests.Generated;

// Models whose Step the generator compiles into shape-specialized kernels, covering every cell, stacking, Dense
// layers before and after the recurrence, Dropout, sequence outputs and the three unroll policies.

/// <summary>Stacked LSTM (two hidden vectors on AVX-512), a Dense stack, fully unrolled.</summary>
[Model(Steps = 9, Batch = 1, Seed = 31, Unroll = UnrollPolicy.Full)]
[Input(3)]
[Lstm(20, Layers = 2)]
[Dense(5, Activation = Activation.Tanh)]
[Dense(2)]
public partial class CompiledStackedLstm;

/// <summary>GRU with Dropout and a wide sigmoid head, in register tiles.</summary>
[Model(Steps = 6, Batch = 1, Seed = 32, Unroll = UnrollPolicy.Tiles)]
[Input(2)]
[Gru(40)]
[Dropout(0.3f)]
[Dense(7, Activation = Activation.Sigmoid)]
public partial class CompiledTiledGru;

/// <summary>A Dense layer before a ReLU RNN that returns sequences (Auto policy).</summary>
[Model(Steps = 5, Batch = 2, Seed = 33)]
[Input(4)]
[Dense(6, Activation = Activation.Relu)]
[Rnn(24, Activation = Activation.Relu, ReturnSequences = true)]
[Dense(1)]
public partial class CompiledDenseFirstRnn;

/// <summary>A recurrent last layer: the step's output is h itself (tiles).</summary>
[Model(Steps = 4, Batch = 1, Seed = 34, Unroll = UnrollPolicy.Tiles)]
[Input(1)]
[Lstm(17)]
public partial class CompiledHeadlessLstm;

/// <summary>A tanh RNN, fully unrolled, and a GRU large enough that Auto tiles it on every path.</summary>
[Model(Steps = 3, Batch = 1, Seed = 35, Unroll = UnrollPolicy.Full)]
[Input(2)]
[Rnn(5)]
[Dense(3)]
public partial class CompiledTanhRnn;

/// <summary>Auto on a product above the unroll budget (GRU 8 → 64: 12 vectors × 72 inputs on AVX-512).</summary>
[Model(Steps = 4, Batch = 1, Seed = 36)]
[Input(8)]
[Gru(64)]
[Dense(1)]
public partial class CompiledLargeGru;

/// <summary>Next-token generation: an Embedding, an LSTM returning sequences, a logits head (as the CharGenerator sample).</summary>
[Model(Steps = 6, Batch = 1, Seed = 37)]
[Embedding(12, 5)]
[Lstm(20, ReturnSequences = true)]
[Dense(12)]
public partial class CompiledTokenGenerator;

/// <summary>Tokens through a GRU into a Softmax head, in tiles.</summary>
[Model(Steps = 5, Batch = 1, Seed = 38, Unroll = UnrollPolicy.Tiles)]
[Embedding(9, 4)]
[Gru(7)]
[Dense(9, Activation = Activation.Softmax)]
public partial class CompiledTokenSoftmax;

/// <summary>A float model with a Softmax head, unrolled.</summary>
[Model(Steps = 4, Batch = 1, Seed = 39, Unroll = UnrollPolicy.Full)]
[Input(3)]
[Rnn(6, ReturnSequences = true)]
[Dense(4, Activation = Activation.Softmax)]
public partial class CompiledSoftmaxRnn;

/// <summary>One-unit heads whose runs sit side by side in lanes on AVX-512: 4 runs of 3 after a GRU, 3 runs of 3 after an LSTM.</summary>
[Model(Steps = 5, Batch = 1, Seed = 40)]
[Input(2)]
[Gru(12)]
[Dense(1, Activation = Activation.Tanh)]
public partial class CompiledRunLaneGruHead;

/// <summary>Three runs of three inputs in lanes 0–2.</summary>
[Model(Steps = 5, Batch = 1, Seed = 41)]
[Input(3)]
[Lstm(9)]
[Dense(1)]
public partial class CompiledRunLaneLstmHead;

/// <summary>Weight rows of 256 floats (LSTM 64), which the runtime packs 272 apart (WeightRowStride): the kernel must follow.</summary>
[Model(Steps = 4, Batch = 1, Seed = 42, Unroll = UnrollPolicy.Tiles)]
[Input(5)]
[Lstm(64)]
[Dense(2)]
public partial class CompiledStridedLstm;
