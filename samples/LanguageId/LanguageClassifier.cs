using ModelCompiler;

namespace LanguageId;

/// <summary>
/// The language of a sentence from its characters: a character embedding, a GRU read up to each sentence's own
/// length (shorter sentences are padded; the classifier sees the GRU state at the last real character), and a
/// linear head with one logit per language.
/// </summary>
[Model(MaxSteps = 96, Batch = 32, Seed = 7)]
[Embedding(Vocabulary.Capacity, 16, Name = "chars")]
[Gru(64, Name = "gru")]
[Dense(Languages.Count, Name = "head")]
[Loss(LossKind.CrossEntropy)]
[Adam(LearningRate = 3e-3f)]
[ClipGradNorm(5f)]
public partial class LanguageClassifier;
