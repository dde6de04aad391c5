using ModelCompiler;

namespace ModelCompiler.Runtime.Tests.Generated;

// Models declared the way users declare them; the generator compiles each into a typed class.

/// <summary>SPEC §1's example, scaled down: many-to-one LSTM classifier with clipping.</summary>
[Model(Steps = 7, Batch = 5, Seed = 42)]
[Input(6)]
[Lstm(20, Name = "lstm")]
[Dense(3, Name = "head")]
[Loss(LossKind.CrossEntropy)]
[Adam(LearningRate = 1e-3f)]
[ClipGradNorm(5f)]
public partial class RowsClassifier;

/// <summary>Token tagger: embedding, stacked bidirectional GRU returning sequences, per-step softmax head.</summary>
[Model(Steps = 6, Batch = 3, Seed = 5)]
[Embedding(13, 5)]
[Gru(9, Layers = 2, Bidirectional = true, ReturnSequences = true, Dropout = 0.1f)]
[Dense(4, Activation = Activation.Softmax, Name = "tags")]
[Loss(LossKind.CrossEntropy)]
[AdamW]
public partial class TokenTagger;

/// <summary>Variable-length regression with a ReLU RNN, dropout and SGD with momentum.</summary>
[Model(MaxSteps = 8, Batch = 4, Seed = 9)]
[Input(2)]
[Rnn(11, Activation = Activation.Relu)]
[Dropout(0.2f)]
[Dense(1, Activation = Activation.Tanh)]
[Loss(LossKind.Mse)]
[Sgd(LearningRate = 0.05f, Momentum = 0.9f)]
[ClipGradValue(0.5f)]
public partial class VariableRegressor;

/// <summary>Inference-only streaming model (SPEC §7 stream-lstm16 shape).</summary>
[Model(Steps = 1, Batch = 1)]
[Input(1)]
[Lstm(16)]
[Dense(1)]
public partial class StreamingLstm;

/// <summary>Encoder of a sequence-to-sequence pair: five tokens into a GRU's final state.</summary>
[Model(Steps = 5, Batch = 32, Seed = 3)]
[Embedding(8, 8, Name = "source")]
[Gru(32, Name = "encoder")]
public partial class ReversingEncoder;

/// <summary>Decoder of the pair: starts from the encoder's state and writes the five tokens in reverse (teacher forcing).</summary>
[Model(Steps = 5, Batch = 32, Seed = 4)]
[Embedding(9, 8, Name = "target")]
[Gru(32, Name = "decoder", ReturnSequences = true)]
[Dense(8, Name = "out")]
[Loss(LossKind.CrossEntropy)]
[Adam(LearningRate = 0.01f)]
[ClipGradNorm(1f)]
public partial class ReversingDecoder;

/// <summary>Encoder of a variable-length pair trained in PyTorch by the README's recipe: a bidirectional LSTM's [2, 5] states.</summary>
[Model(MaxSteps = 6, Batch = 4, Seed = 21)]
[Embedding(9, 4, Name = "source")]
[Lstm(5, Bidirectional = true, Name = "encoder")]
public partial class RecipeEncoder;

/// <summary>Decoder of that pair: two stacked LSTM layers (states [2, 5]) and a per-step head; clipping that bites.</summary>
[Model(MaxSteps = 5, Batch = 4, Seed = 22)]
[Embedding(10, 4, Name = "target")]
[Lstm(5, Layers = 2, ReturnSequences = true, Name = "decoder")]
[Dense(9, Name = "out")]
[Loss(LossKind.CrossEntropy)]
[Adam(LearningRate = 0.01f)]
[ClipGradNorm(0.1f)]
public partial class RecipeDecoder;
