namespace ModelCompiler.Benchmarks.Models;

// The SPEC §7 shapes, declared as a user declares models; the generator compiles each into a typed class.
// Layer names fix the PyTorch parameter names the references copy their weights from.

/// <summary>stream-lstm16: LSTM 1→16, Dense 1, one step at a time.</summary>
[Model(Steps = 1, Batch = 1, Seed = 1)]
[Input(1)]
[Lstm(16, Name = "rnn")]
[Dense(1, Name = "head")]
public partial class StreamLstm16Model;

/// <summary>stream-gru64: GRU 1→64, Dense 1, one step at a time.</summary>
[Model(Steps = 1, Batch = 1, Seed = 2)]
[Input(1)]
[Gru(64, Name = "rnn")]
[Dense(1, Name = "head")]
public partial class StreamGru64Model;

/// <summary>seq-lstm128: LSTM 64→128 over 100 steps, Dense 10 on the last step.</summary>
[Model(Steps = 100, Batch = 1, Seed = 3)]
[Input(64)]
[Lstm(128, Name = "rnn")]
[Dense(10, Name = "head")]
public partial class SeqLstm128Model;

/// <summary>train-rows: Fashion-MNIST rows, LSTM 28→128, Dense 10, cross-entropy, Adam, batch 64.</summary>
[Model(Steps = 28, Batch = 64, Seed = 4)]
[Input(28)]
[Lstm(128, Name = "rnn")]
[Dense(10, Name = "head")]
[Loss(LossKind.CrossEntropy)]
[Adam(LearningRate = 1e-3f)]
public partial class TrainRowsModel;

/// <summary>finetune-rows: train-rows with a pretrained, frozen LSTM (<c>Trainable = false</c>): only the head learns.</summary>
[Model(Steps = 28, Batch = 64, Seed = 4)]
[Input(28)]
[Lstm(128, Name = "rnn", Trainable = false)]
[Dense(10, Name = "head")]
[Loss(LossKind.CrossEntropy)]
[Adam(LearningRate = 1e-3f)]
public partial class FineTuneRowsModel;

/// <summary>train-gru256: GRU 32→256 over 50 steps, Dense 32, MSE, Adam, batch 64.</summary>
[Model(Steps = 50, Batch = 64, Seed = 5)]
[Input(32)]
[Gru(256, Name = "rnn")]
[Dense(32, Name = "head")]
[Loss(LossKind.Mse)]
[Adam(LearningRate = 1e-3f)]
public partial class TrainGru256Model;

// The stream shapes again with an explicit unroll policy (SPEC §6), to show that Auto picks the faster kernel.

/// <summary>stream-lstm16 with every product written out.</summary>
[Model(Steps = 1, Batch = 1, Seed = 1, Unroll = UnrollPolicy.Full)]
[Input(1)]
[Lstm(16, Name = "rnn")]
[Dense(1, Name = "head")]
public partial class StreamLstm16FullModel;

/// <summary>stream-lstm16 with constant-bound loops over register tiles.</summary>
[Model(Steps = 1, Batch = 1, Seed = 1, Unroll = UnrollPolicy.Tiles)]
[Input(1)]
[Lstm(16, Name = "rnn")]
[Dense(1, Name = "head")]
public partial class StreamLstm16TilesModel;

/// <summary>stream-gru64 with every product written out.</summary>
[Model(Steps = 1, Batch = 1, Seed = 2, Unroll = UnrollPolicy.Full)]
[Input(1)]
[Gru(64, Name = "rnn")]
[Dense(1, Name = "head")]
public partial class StreamGru64FullModel;

/// <summary>stream-gru64 with constant-bound loops over register tiles.</summary>
[Model(Steps = 1, Batch = 1, Seed = 2, Unroll = UnrollPolicy.Tiles)]
[Input(1)]
[Gru(64, Name = "rnn")]
[Dense(1, Name = "head")]
public partial class StreamGru64TilesModel;
