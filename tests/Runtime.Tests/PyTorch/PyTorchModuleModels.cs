using ModelCompiler;

namespace ModelCompiler.Runtime.Tests.PyTorch;

// Models whose generated PyTorchModule exercises what the other test models do not: packed variable-length batches
// through tokens, bidirectional and stacked layers, every loss and optimizer, both clips, and layer or class names that
// Python cannot write as attributes.

/// <summary>Tokens through a ReLU RNN returning sequences, a sigmoid head per step, BCE, RMSprop with momentum and decay.</summary>
[Model(MaxSteps = 12, Batch = 4, Seed = 61)]
[Embedding(50, 8)]
[Rnn(16, Activation = Activation.Relu, ReturnSequences = true)]
[Dense(4, Activation = Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[RmsProp(Momentum = 0.5f, WeightDecay = 1e-4f)]
public partial class PackedTokenTagger;

/// <summary>A Dense before a bidirectional LSTM returning sequences, a second LSTM, MSE, AdamW, value clipping.</summary>
[Model(Steps = 6, Batch = 4, Seed = 62)]
[Input(4)]
[Dense(8, Activation = Activation.Relu, Name = "proj")]
[Lstm(16, Bidirectional = true, ReturnSequences = true)]
[Lstm(8)]
[Dense(2, Activation = Activation.Tanh)]
[Loss(LossKind.Mse)]
[AdamW]
[ClipGradValue(0.5f)]
public partial class ProjectedStack;

/// <summary>Variable lengths into a two-layer bidirectional LSTM read once per sequence, MAE, Adam.</summary>
[Model(MaxSteps = 10, Batch = 4, Seed = 63)]
[Input(2)]
[Lstm(12, Bidirectional = true, Layers = 2)]
[Dense(3)]
[Loss(LossKind.Mae)]
[Adam]
public partial class PackedBidirectionalRegressor;

/// <summary>Layer names Python cannot write as attributes: one with a dash, nn.Module's own 'training', a keyword.</summary>
[Model(Steps = 5, Batch = 2, Seed = 64)]
[Input(3)]
[Lstm(6, Name = "my-lstm", ReturnSequences = true)]
[Gru(5, Name = "training", ReturnSequences = true)]
[Dense(2, Name = "class")]
public partial class OddlyNamedLayers;

/// <summary>Variable lengths through a bidirectional GRU returning sequences, softmax per step, CE, Nesterov SGD.</summary>
[Model(MaxSteps = 9, Batch = 4, Seed = 65)]
[Input(3)]
[Gru(10, Bidirectional = true, ReturnSequences = true)]
[Dense(3, Activation = Activation.Softmax)]
[Loss(LossKind.CrossEntropy)]
[Sgd(LearningRate = 0.1f, Momentum = 0.9f, Nesterov = true)]
public partial class PackedSequenceClassifier;

/// <summary>Tokens of variable length through three stacked LSTMs, two Dense layers, CE, Adam, norm clipping.</summary>
[Model(MaxSteps = 8, Batch = 4, Seed = 66)]
[Embedding(30, 6)]
[Lstm(10, Layers = 3)]
[Dense(8, Activation = Activation.Relu)]
[Dense(4, Activation = Activation.Softmax)]
[Loss(LossKind.CrossEntropy)]
[Adam(LearningRate = 0.01f)]
[ClipGradNorm(0.1f)]
public partial class PackedTokenClassifier;

/// <summary>A bidirectional tanh RNN returning sequences, a linear head per step, MSE, SGD with weight decay.</summary>
[Model(Steps = 5, Batch = 4, Seed = 67)]
[Input(2)]
[Rnn(7, Bidirectional = true, ReturnSequences = true)]
[Dense(1)]
[Loss(LossKind.Mse)]
[Sgd(LearningRate = 0.3f, WeightDecay = 0.01f)]
public partial class BidirectionalRnnRegressor;

/// <summary>A class named by a Python keyword, None (the module is then called Model): variable-length bidirectional GRU, BCE, Adam with decay.</summary>
[Model(MaxSteps = 6, Batch = 4, Seed = 68)]
[Input(3)]
[Gru(8, Bidirectional = true)]
[Dense(2, Activation = Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Adam(WeightDecay = 0.1f)]
public partial class None;

/// <summary>Every initializer a recurrent layer and a Dense take, and the LSTM forget bias.</summary>
[Model(Steps = 4, Batch = 3, Seed = 69)]
[Input(3)]
[Lstm(8, Layers = 2, Bidirectional = true, InputWeights = Initializer.XavierUniform, RecurrentWeights = Initializer.Orthogonal, Biases = Initializer.Zeros, ForgetBias = 1f)]
[Dense(2, Weights = Initializer.KaimingNormal, Biases = Initializer.Zeros)]
[Loss(LossKind.Mse)]
[Adam]
public partial class InitializedLstm;

/// <summary>Initializers on an embedding table, a GRU and a Dense head (the others keep PyTorch's defaults).</summary>
[Model(Steps = 5, Batch = 3, Seed = 70)]
[Embedding(20, 16, Weights = Initializer.XavierNormal)]
[Gru(12, RecurrentWeights = Initializer.Orthogonal, InputWeights = Initializer.KaimingUniform)]
[Dense(3, Weights = Initializer.XavierUniform)]
[Loss(LossKind.CrossEntropy)]
[Sgd(LearningRate = 0.1f)]
public partial class InitializedTokenGru;

/// <summary>Pretrained vectors frozen (requires_grad_(False)), a learning LSTM after them, and AdamW's weight decay.</summary>
[Model(MaxSteps = 6, Batch = 4, Seed = 31)]
[Embedding(25, 6, Name = "glove", Trainable = false)]
[Lstm(9, ReturnSequences = true)]
[Dense(25, Name = "next")]
[Loss(LossKind.CrossEntropy)]
[AdamW(LearningRate = 0.01f, WeightDecay = 0.1f)]
[ClipGradNorm(1f)]
public partial class FrozenEmbeddingTagger;

/// <summary>A pretrained (frozen) LSTM encoder between a learning projection and a learning head; Adam with decay.</summary>
[Model(Steps = 5, Batch = 4, Seed = 32)]
[Input(3)]
[Dense(6, Activation = Activation.Tanh, Name = "proj")]
[Lstm(8, Layers = 2, Name = "encoder", Trainable = false)]
[Dense(2, Name = "head")]
[Loss(LossKind.Mse)]
[Adam(LearningRate = 0.01f, WeightDecay = 0.05f)]
public partial class FrozenEncoderRegressor;
