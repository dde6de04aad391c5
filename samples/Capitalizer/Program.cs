using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Capitalizer;
using ModelCompiler.Runtime.Data;

// Restore the capitals of lower-cased English fortunes, one tag per character, with a bidirectional LSTM. Scored on
// the letters of held-out fortunes against "everything lower case" and against a sentence-start rule.
string[] fortunes = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", "fortunes-en.txt"));
int split = fortunes.Length * 9 / 10;
var vocabulary = CharVocabulary.Build(fortunes[..split].Select(fortune => CasedText.StartSymbol + fortune.ToLowerInvariant()));
if (vocabulary.Count > CaseRestorer.VocabularyCapacity)
    throw new InvalidOperationException($"{vocabulary.Count} characters do not fit the embedding's {CaseRestorer.VocabularyCapacity} rows.");
// Sorted by length so that each batch holds texts of similar length and little padding is computed.
CasedText[] train = fortunes[..split].Select(f => new CasedText(f, vocabulary)).OrderBy(text => text.Length).ToArray();
CasedText[] validation = fortunes[split..].Select(f => new CasedText(f, vocabulary)).OrderBy(text => text.Length).ToArray();
Console.WriteLine($"{train.Length} training and {validation.Length} validation fortunes, {vocabulary.Count} lower-case symbols");
Console.WriteLine(CaseRestorer.Summary);

var model = new CaseRestorer();
var batch = new PaddedBatch();
var logits = new float[CaseRestorer.BatchSize * CaseRestorer.MaxSteps * CaseRestorer.OutputSize];
int[] batchStarts = Enumerable.Range(0, (train.Length + CaseRestorer.BatchSize - 1) / CaseRestorer.BatchSize)
    .Select(k => k * CaseRestorer.BatchSize).ToArray();
var random = new Random(5);
int epochs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 16;
var clock = Stopwatch.StartNew();
for (int epoch = 1; epoch <= epochs; epoch++)
{
    // A smaller step for the last third lets the loss settle instead of bouncing around the minimum.
    if (epoch == epochs * 2 / 3 + 1) model.Optimizer.LearningRate /= 5;
    random.Shuffle(batchStarts);
    double lossSum = 0;
    foreach (int first in batchStarts)
    {
        batch.Fill(train, first, Math.Min(CaseRestorer.BatchSize, train.Length - first));
        lossSum += model.TrainStep(batch.Tokens, batch.Labels, batch.Lengths);
    }
    Console.WriteLine($"epoch {epoch}: train loss {lossSum / batchStarts.Length:F4}, validation letter accuracy {ModelLetterAccuracy():P2}, {clock.Elapsed.TotalSeconds:F1} s");
}

double modelAccuracy = ModelLetterAccuracy();
double allLowerAccuracy = BaselineLetterAccuracy((_, labels) => labels.Fill(CaseRestorer.Lower));
double ruleAccuracy = BaselineLetterAccuracy((lowered, labels) => SentenceStartRule.Tag(lowered, labels));
Console.WriteLine($"validation accuracy on letters: BiLSTM {modelAccuracy:P2}, all lower case {allLowerAccuracy:P2}, sentence-start rule {ruleAccuracy:P2}");

// A few held-out fortunes restored one at a time with Predict.
var predicted = new int[CaseRestorer.MaxSteps];
var single = new float[CaseRestorer.MaxSteps * CaseRestorer.OutputSize];
foreach (CasedText text in validation.Where(text => text.Original.Count(char.IsUpper) >= 3).Take(3))
{
    Span<float> output = single.AsSpan(0, text.Length * CaseRestorer.OutputSize);
    model.Predict(text.Tokens, output);
    for (int t = 0; t < text.Length; t++) predicted[t] = ArgMax(output.Slice(t * CaseRestorer.OutputSize, CaseRestorer.OutputSize));
    Console.WriteLine($"  in:  {text.Original.ToLowerInvariant()}\n  out: {text.Restore(predicted)}");
}

model.SaveSafetensors(Path.Combine(AppContext.BaseDirectory, "case-restorer.safetensors"));
// The rule is a close call (most of its misses are SHOUTED words no one can recover), so the gate is the majority baseline.
Console.WriteLine(modelAccuracy > ruleAccuracy ? "BiLSTM beats the sentence-start rule." : "BiLSTM does not beat the sentence-start rule.");
bool beatsBaseline = modelAccuracy > allLowerAccuracy;
Console.WriteLine(beatsBaseline ? "BiLSTM beats the all-lower-case baseline." : "BiLSTM does NOT beat the all-lower-case baseline.");
return beatsBaseline ? 0 : 1;

// Share of validation letters (the only characters with a case) whose case the model gets right.
double ModelLetterAccuracy()
{
    int correct = 0, letters = 0;
    for (int first = 0; first < validation.Length; first += CaseRestorer.BatchSize)
    {
        batch.Fill(validation, first, Math.Min(CaseRestorer.BatchSize, validation.Length - first));
        Span<float> output = logits.AsSpan(0, batch.Count * CaseRestorer.MaxSteps * CaseRestorer.OutputSize);
        model.Forward(batch.Tokens, output, batch.Lengths);
        for (int row = 0; row < batch.Count; row++)
        {
            CasedText text = validation[first + row];
            for (int t = 0; t < text.Length; t++)
            {
                if (!char.IsLetter(text.Sequence[t])) continue;
                letters++;
                int step = row * CaseRestorer.MaxSteps + t;
                if (ArgMax(output.Slice(step * CaseRestorer.OutputSize, CaseRestorer.OutputSize)) == text.Labels[t]) correct++;
            }
        }
    }
    return correct / (double)letters;
}

double BaselineLetterAccuracy(Action<string, Span<int>> tag)
{
    int correct = 0, letters = 0;
    var labels = new int[CaseRestorer.MaxSteps];
    foreach (CasedText text in validation)
    {
        tag(text.Sequence.ToLowerInvariant(), labels.AsSpan(0, text.Length));
        for (int t = 0; t < text.Length; t++)
        {
            if (!char.IsLetter(text.Sequence[t])) continue;
            letters++;
            if (labels[t] == text.Labels[t]) correct++;
        }
    }
    return correct / (double)letters;
}

static int ArgMax(ReadOnlySpan<float> values)
{
    int best = 0;
    for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
    return best;
}
