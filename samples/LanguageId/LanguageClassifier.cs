using ModelCompiler;

namespace LanguageId;

/// <summary>
/// The language of a sentence from its characters: a character embedding, a GRU read up to each sentence's own
/// length (batches are padded; the head sees the GRU state at each sentence's last real character), and one logit
/// per language.
/// </summary>
[Model(MaxSteps = SentenceCorpus.MaxLength, Batch = 32, Seed = 7)]
[Embedding(LanguageClassifier.VocabularyCapacity, 24, Name = "chars")]
[Gru(96, Name = "gru")]
[Dense(Languages.Count, Name = "head")]
[Loss(LossKind.CrossEntropy)]
[Adam(LearningRate = 3e-3f)]
[ClipGradNorm(5f)]
public partial class LanguageClassifier
{
    /// <summary>Embedding rows; the character vocabulary built from the training sentences must fit in it.</summary>
    public const int VocabularyCapacity = 128;
}
