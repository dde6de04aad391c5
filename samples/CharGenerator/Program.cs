using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using CharGenerator;
using ModelCompiler.Runtime.Data;

// A character-level LSTM learns English fortunes (next character at every step of 64-character windows), then
// writes new ones through the streaming Step API. Its validation cross-entropy is compared with a unigram model
// that knows only how frequent each character is.
var text = FortuneText.Load(Path.Combine(AppContext.BaseDirectory, "data", "fortunes-en.txt"));
var vocabulary = CharVocabulary.Build(text.Training);
if (vocabulary.Count > CharLanguageModel.VocabularyCapacity)
    throw new InvalidOperationException($"{vocabulary.Count} characters do not fit the model's {CharLanguageModel.VocabularyCapacity} classes.");
int[] training = vocabulary.Encode(text.Training);
int[] validation = vocabulary.Encode(text.Validation);
Console.WriteLine($"{training.Length:N0} training and {validation.Length:N0} validation characters, {vocabulary.Count} symbols");
Console.WriteLine(CharLanguageModel.Summary);

const int steps = CharLanguageModel.Steps;
var model = new CharLanguageModel();
var batch = new NextCharacterBatch();
int[] trainingStarts = new int[(training.Length - 1) / steps - 1];
int[] validationStarts = Enumerable.Range(0, (validation.Length - 1) / steps).Select(k => k * steps).ToArray();
var logits = new float[CharLanguageModel.BatchSize * steps * CharLanguageModel.OutputSize];
var random = new Random(3);
int epochs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 14;
var clock = Stopwatch.StartNew();
for (int epoch = 1; epoch <= epochs; epoch++)
{
    // A smaller step for the last quarter lets the loss settle instead of bouncing around the minimum.
    if (epoch == epochs * 3 / 4 + 1) model.Optimizer.LearningRate /= 4;
    // Non-overlapping windows from a random offset, so each epoch cuts the text at different places.
    int offset = random.Next(steps);
    for (int k = 0; k < trainingStarts.Length; k++) trainingStarts[k] = offset + k * steps;
    random.Shuffle(trainingStarts);
    double lossSum = 0;
    int batches = 0;
    for (int first = 0; first < trainingStarts.Length; first += CharLanguageModel.BatchSize, batches++)
    {
        batch.Fill(training, trainingStarts, first);
        lossSum += model.TrainStep(batch.Inputs, batch.Targets);
    }
    Console.WriteLine($"epoch {epoch}: train loss {lossSum / batches:F3}, validation {ValidationCrossEntropy():F3} nats/char, {clock.Elapsed.TotalSeconds:F1} s");
}

double modelLoss = ValidationCrossEntropy();
// Scored on the same characters as the LSTM: the targets of all validation windows.
double unigramLoss = UnigramBaseline.CrossEntropy(training, validation.AsSpan(1, validationStarts.Length * steps), vocabulary.Count);
Console.WriteLine($"validation cross-entropy: LSTM {modelLoss:F3} nats/char (perplexity {Math.Exp(modelLoss):F1}), " +
                  $"unigram {unigramLoss:F3} nats/char (perplexity {Math.Exp(unigramLoss):F1})");

var generator = new TextGenerator(model, vocabulary);
foreach ((string prompt, float temperature) in new[] { ("The ", 0.5f), ("A man ", 0.7f), ("Life is ", 0.7f), ("Never ", 1.0f) })
    Console.WriteLine($"  [T={temperature:F1}] {generator.Generate(prompt, 160, temperature, seed: 1).Split('\n')[0]}");

model.SaveSafetensors(Path.Combine(AppContext.BaseDirectory, "char-language-model.safetensors"));
bool beatsBaseline = modelLoss < unigramLoss;
Console.WriteLine(beatsBaseline ? "LSTM beats the unigram baseline." : "LSTM does NOT beat the unigram baseline.");
return beatsBaseline ? 0 : 1;

// Mean −log p(next character) over every step of the validation windows (each window starts from a zero state).
double ValidationCrossEntropy()
{
    double sum = 0;
    for (int first = 0; first < validationStarts.Length; first += CharLanguageModel.BatchSize)
    {
        batch.Fill(validation, validationStarts, first);
        Span<float> output = logits.AsSpan(0, batch.Count * steps * CharLanguageModel.OutputSize);
        model.Forward(batch.Inputs, output);
        for (int i = 0; i < batch.Count * steps; i++)
            sum += Softmax.NegativeLogLikelihood(output.Slice(i * CharLanguageModel.OutputSize, CharLanguageModel.OutputSize), batch.Targets[i]);
    }
    return sum / (validationStarts.Length * steps);
}
