using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using LanguageId;
using ModelCompiler.Runtime.Data;

// Which language is a sentence in: English, German, Spanish or Italian? A character GRU reads each sentence up to its
// own length; it is compared with always answering the most frequent language and with character-unigram naive Bayes.
string path = Path.Combine(AppContext.BaseDirectory, "data", "language-sentences.tsv");
LabeledSentence[] all = SentenceCorpus.Load(path).ToArray();
new Random(7).Shuffle(all);
int split = all.Length * 4 / 5;
var vocabulary = CharVocabulary.Build(all.Take(split).Select(sentence => sentence.Text), minCount: 2);
if (vocabulary.Count > LanguageClassifier.VocabularyCapacity)
    throw new InvalidOperationException($"{vocabulary.Count} characters do not fit the embedding's {LanguageClassifier.VocabularyCapacity} rows.");
LabeledSentence[] encoded = all.Select(sentence => sentence with { Tokens = vocabulary.Encode(sentence.Text) }).ToArray();
LabeledSentence[] train = encoded[..split];
LabeledSentence[] test = encoded[split..];
Console.WriteLine($"{train.Length} training and {test.Length} test sentences, {vocabulary.Count} characters");
Console.WriteLine(LanguageClassifier.Summary);

var model = new LanguageClassifier();
var batch = new PaddedBatch();
int[] order = Enumerable.Range(0, train.Length).ToArray();
int[] testOrder = Enumerable.Range(0, test.Length).ToArray();
var logits = new float[LanguageClassifier.BatchSize * Languages.Count];
var random = new Random(7);
int epochs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 12;
var clock = Stopwatch.StartNew();
for (int epoch = 1; epoch <= epochs; epoch++)
{
    random.Shuffle(order);
    double lossSum = 0;
    int batches = 0;
    for (int start = 0; start < order.Length; start += LanguageClassifier.BatchSize, batches++)
    {
        batch.Fill(train, order, start);
        lossSum += model.TrainStep(batch.Tokens, batch.Labels, batch.Lengths);
    }
    Console.WriteLine($"epoch {epoch}: train loss {lossSum / batches:F4}, test accuracy {TestAccuracy():P1}, {clock.Elapsed.TotalSeconds:F1} s");
}

int majority = train.GroupBy(sentence => sentence.Language).MaxBy(group => group.Count())!.Key;
double majorityAccuracy = test.Count(sentence => sentence.Language == majority) / (double)test.Length;
var naiveBayes = new NaiveBayesBaseline(train, vocabulary.Count);
double naiveBayesAccuracy = test.Count(sentence => naiveBayes.Classify(sentence.Tokens) == sentence.Language) / (double)test.Length;
double modelAccuracy = TestAccuracy();
Console.WriteLine($"test accuracy: GRU {modelAccuracy:P1}, majority class '{Languages.Codes[majority]}' {majorityAccuracy:P1}, " +
                  $"character-unigram naive Bayes {naiveBayesAccuracy:P1} ({test.Length} sentences)");

// A few sentences that are in none of the data, classified one at a time with Predict.
string[] examples = ["Where is the railway station, please?", "Wo ist bitte der Bahnhof?", "¿Dónde está la estación de tren?", "Dov'e' la stazione, per favore?"];
var probabilities = new float[Languages.Count];
foreach (string example in examples)
{
    model.Predict(vocabulary.Encode(example), probabilities);
    Console.WriteLine($"  {Languages.Codes[ArgMax(probabilities)]}  {example}");
}

model.SaveSafetensors(Path.Combine(AppContext.BaseDirectory, "language-classifier.safetensors"));
Console.WriteLine(modelAccuracy > naiveBayesAccuracy ? "GRU beats naive Bayes." : "GRU does not beat naive Bayes.");
bool beatsBaseline = modelAccuracy > majorityAccuracy;
Console.WriteLine(beatsBaseline ? "GRU beats the majority baseline." : "GRU does NOT beat the majority baseline.");
return beatsBaseline ? 0 : 1;

double TestAccuracy()
{
    int correct = 0;
    for (int start = 0; start < test.Length; start += LanguageClassifier.BatchSize)
    {
        batch.Fill(test, testOrder, start);
        Span<float> output = logits.AsSpan(0, batch.Count * Languages.Count);
        model.Forward(batch.Tokens, output, batch.Lengths);
        for (int row = 0; row < batch.Count; row++)
            if (ArgMax(output.Slice(row * Languages.Count, Languages.Count)) == batch.Labels[row]) correct++;
    }
    return correct / (double)test.Length;
}

static int ArgMax(ReadOnlySpan<float> values)
{
    int best = 0;
    for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
    return best;
}
