using System;
using System.Collections.Generic;

namespace LanguageId;

/// <summary>
/// Character-unigram naive Bayes: each language is a bag of character frequencies (add-one smoothed), and a sentence
/// goes to the language under which its characters are most likely. It sees which letters occur, not their order,
/// which is exactly what the recurrent model adds.
/// </summary>
public sealed class NaiveBayesBaseline
{
    private readonly double[,] _logProbability;
    private readonly double[] _logPrior;

    public NaiveBayesBaseline(IReadOnlyList<LabeledSentence> training, int vocabularySize)
    {
        var counts = new double[Languages.Count, vocabularySize];
        var sentences = new double[Languages.Count];
        foreach (LabeledSentence sentence in training)
        {
            sentences[sentence.Language]++;
            foreach (int token in sentence.Tokens) counts[sentence.Language, token]++;
        }
        _logProbability = new double[Languages.Count, vocabularySize];
        _logPrior = new double[Languages.Count];
        for (int language = 0; language < Languages.Count; language++)
        {
            double total = vocabularySize;
            for (int token = 0; token < vocabularySize; token++) total += counts[language, token];
            for (int token = 0; token < vocabularySize; token++)
                _logProbability[language, token] = Math.Log((counts[language, token] + 1) / total);
            _logPrior[language] = Math.Log(sentences[language] / training.Count);
        }
    }

    public int Classify(ReadOnlySpan<int> tokens)
    {
        int best = 0;
        double bestScore = double.NegativeInfinity;
        for (int language = 0; language < Languages.Count; language++)
        {
            double score = _logPrior[language];
            foreach (int token in tokens) score += _logProbability[language, token];
            if (score > bestScore) (best, bestScore) = (language, score);
        }
        return best;
    }
}
