using ModelCompiler;

namespace Capitalizer;

/// <summary>
/// Per character of lower-cased text: should it be upper case (class 1) or not (class 0)? A bidirectional LSTM sees
/// the text on both sides of every character (a sentence end before it, the word it belongs to) and a per-step
/// head tags each one. Each fortune is one sequence; batches are padded to their longest.
/// </summary>
[Model(MaxSteps = 1 + 400, Batch = 32, Seed = 5)] // the start symbol and a fortune of up to 400 characters
[Embedding(CaseRestorer.VocabularyCapacity, 16, Name = "chars")]
[Lstm(96, Bidirectional = true, ReturnSequences = true, Name = "lstm")]
[Dense(2, Name = "head")]
[Loss(LossKind.CrossEntropy)]
[Adam(LearningRate = 5e-3f)]
[ClipGradNorm(5f)]
public partial class CaseRestorer
{
    /// <summary>Embedding rows; the vocabulary of the lower-cased training text must fit in it.</summary>
    public const int VocabularyCapacity = 80;

    public const int Lower = 0;
    public const int Upper = 1;
}
