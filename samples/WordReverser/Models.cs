using ModelCompiler;

namespace WordReverser;

/// <summary>The encoder: a word's letters (a–z as tokens 1–26) into an LSTM's final state (h_n, c_n).</summary>
[Model(MaxSteps = Letters.MaxWord, Batch = 64, Seed = 11)]
[Embedding(27, 16, Name = "letters")]
[Lstm(128, Name = "encoder")]
public partial class WordEncoder;

/// <summary>
/// The decoder: from the encoder's state, the word backwards, one letter per step, then the end mark (class 0). Each
/// step reads the letter before it (teacher forcing in training, its own output when decoding), the first the start
/// mark (token 0).
/// </summary>
[Model(MaxSteps = Letters.MaxWord + 1, Batch = 64, Seed = 12)]
[Embedding(27, 16, Name = "previous")]
[Lstm(128, Name = "decoder", ReturnSequences = true)]
[Dense(27, Name = "letter")]
[Loss(LossKind.CrossEntropy)]
[Adam(LearningRate = 3e-3f)]
[ClipGradNorm(1f)]
public partial class ReversedWordDecoder;
