using ModelCompiler;

namespace CharGenerator;

/// <summary>
/// Next-character model: at every step of a 64-character window it predicts the following character. Trained on
/// whole windows (ReturnSequences = true, one target per step), each from the state the window before it ended in;
/// generation feeds it one character at a time with Step.
/// </summary>
[Model(Steps = 64, Batch = 32, Seed = 3)]
[Embedding(CharLanguageModel.VocabularyCapacity, 32, Name = "chars")]
[Lstm(192, ReturnSequences = true, Name = "lstm")]
[Dense(CharLanguageModel.VocabularyCapacity, Name = "head")]
[Loss(LossKind.CrossEntropy)]
[Adam(LearningRate = 3e-3f)]
[ClipGradNorm(5f)]
public partial class CharLanguageModel
{
    /// <summary>Embedding rows and output classes; the character vocabulary of the training text must fit in it.</summary>
    public const int VocabularyCapacity = 96;
}
