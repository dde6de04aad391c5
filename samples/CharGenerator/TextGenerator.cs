using System;
using System.Text;
using ModelCompiler.Runtime.Data;

namespace CharGenerator;

/// <summary>Writes text with a trained <see cref="CharLanguageModel"/>, one character per streaming <c>Step</c>.</summary>
public sealed class TextGenerator(CharLanguageModel model, CharVocabulary vocabulary)
{
    private readonly float[] _logits = new float[CharLanguageModel.OutputSize];

    /// <summary>
    /// Feeds <paramref name="prompt"/>, then samples <paramref name="length"/> characters, each fed back as the next
    /// input. Temperature below 1 gives safer, more repetitive text; above 1, more surprising text. Same seed, same text.
    /// </summary>
    public string Generate(string prompt, int length, float temperature, int seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(prompt);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        var random = new Random(seed);
        var text = new StringBuilder(prompt, prompt.Length + length);
        model.ResetState();
        foreach (char c in prompt) model.Step(vocabulary.Encode(c), _logits);
        for (int i = 0; i < length; i++)
        {
            // Only the vocabulary's ids: the head's spare rows (capacity beyond the vocabulary) are never real characters.
            int next = Softmax.Sample(_logits.AsSpan(0, vocabulary.Count), temperature, random);
            text.Append(vocabulary.Decode(next));
            model.Step(next, _logits);
        }
        return text.ToString();
    }
}
