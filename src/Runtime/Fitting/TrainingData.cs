using ModelCompiler.Runtime.Data;

namespace ModelCompiler.Runtime.Fitting;

/// <summary>
/// What a <see cref="Trainer"/> runs on: the model's sequences (a pair's decoder sequences) and, for an
/// <see cref="EncoderDecoder"/>, the encoder's sources, sequence i with sequence i.
/// </summary>
internal sealed record TrainingData(SequenceDataset Main, SequenceDataset? Sources)
{
    public int Count => Main.Count;
}
