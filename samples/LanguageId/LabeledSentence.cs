namespace LanguageId;

/// <summary>A sentence, its language's class index, and its characters as vocabulary ids (set once the vocabulary is built).</summary>
public sealed record LabeledSentence(string Text, int Language)
{
    public int[] Tokens { get; init; } = [];
}
