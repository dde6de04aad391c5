using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using CharGenerator;
using ModelCompiler.Runtime.Data;

// A character-level LSTM learns English fortunes (next character at every step of 64-character windows, trained by
// truncated backpropagation through time: each window starts from the state the previous one ended in), then writes
// new ones through the streaming Step API. Its validation cross-entropy is compared with a unigram model that knows
// only how frequent each character is.
var text = FortuneText.Load(Path.Combine(AppContext.BaseDirectory, "data", "fortunes-en.txt"));
var vocabulary = CharVocabulary.Build(text.Training);
if (vocabulary.Count > CharLanguageModel.VocabularyCapacity)
    throw new InvalidOperationException($"{vocabulary.Count} characters do not fit the model's {CharLanguageModel.VocabularyCapacity} classes.");
int[] training = vocabulary.Encode(text.Training);
int[] validation = vocabulary.Encode(text.Validation);
Console.WriteLine($"{training.Length:N0} training and {validation.Length:N0} validation characters, {vocabulary.Count} symbols");
Console.WriteLine(CharLanguageModel.Summary);

const int steps = CharLanguageModel.Steps, streams = CharLanguageModel.BatchSize;
var model = new CharLanguageModel();
var batch = new NextCharacterBatch();
// Truncated backpropagation through time: the text is cut into `streams` long pieces read side by side, a window of
// `steps` characters of each per batch, and each window starts from the state where the piece's previous window ended
// (TrainStep from and to states): the model learns to use context beyond one window, and gradients stop at its start.
int trainingStream = (training.Length - 1) / streams;
int windowsPerEpoch = trainingStream / steps - 1;
var states = new float[streams * CharLanguageModel.StateSize];
var starts = new int[streams];
var logits = new float[streams * steps * CharLanguageModel.OutputSize];
var random = new Random(3);
int epochs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 14;
var clock = Stopwatch.StartNew();
for (int epoch = 1; epoch <= epochs; epoch++)
{
    // A smaller step for the last quarter lets the loss settle instead of bouncing around the minimum.
    if (epoch == epochs * 3 / 4 + 1) model.Optimizer.LearningRate /= 4;
    // Each epoch cuts the windows at other places, and its streams start from zero states.
    int offset = random.Next(steps);
    Array.Clear(states);
    double lossSum = 0;
    for (int k = 0; k < windowsPerEpoch; k++)
    {
        for (int b = 0; b < streams; b++) starts[b] = b * trainingStream + offset + k * steps;
        batch.Fill(training, starts, 0);
        lossSum += model.TrainStep(batch.Inputs, batch.Targets, states, states);
    }
    Console.WriteLine($"epoch {epoch}: train loss {lossSum / windowsPerEpoch:F3}, validation {ValidationCrossEntropy():F3} nats/char, {clock.Elapsed.TotalSeconds:F1} s");
}

double modelLoss = ValidationCrossEntropy();
// Scored on the same characters as the LSTM: the targets of all validation windows.
int validationStream = (validation.Length - 1) / streams, scored = validationStream / steps * steps;
int[] validationTargets = Enumerable.Range(0, streams).SelectMany(b => validation.Skip(b * validationStream + 1).Take(scored)).ToArray();
double unigramLoss = UnigramBaseline.CrossEntropy(training, validationTargets, vocabulary.Count);
Console.WriteLine($"validation cross-entropy: LSTM {modelLoss:F3} nats/char (perplexity {Math.Exp(modelLoss):F1}), " +
                  $"unigram {unigramLoss:F3} nats/char (perplexity {Math.Exp(unigramLoss):F1})");

var generator = new TextGenerator(model, vocabulary);
foreach ((string prompt, float temperature) in new[] { ("The ", 0.5f), ("A man ", 0.7f), ("Life is ", 0.7f), ("Never ", 1.0f) })
    Console.WriteLine($"  [T={temperature:F1}] {generator.Generate(prompt, 160, temperature, seed: 1).Split('\n')[0]}");

model.SaveSafetensors(Path.Combine(AppContext.BaseDirectory, "char-language-model.safetensors"));
bool beatsBaseline = modelLoss < unigramLoss;
Console.WriteLine(beatsBaseline ? "LSTM beats the unigram baseline." : "LSTM does NOT beat the unigram baseline.");
return beatsBaseline ? 0 : 1;

// Mean −log p(next character) over the validation text, read as `streams` pieces side by side window after window,
// each window from the state where its piece's previous one ended (as in training).
double ValidationCrossEntropy()
{
    int stream = (validation.Length - 1) / streams, windows = stream / steps;
    Array.Clear(states);
    double sum = 0;
    for (int k = 0; k < windows; k++)
    {
        for (int b = 0; b < streams; b++) starts[b] = b * stream + k * steps;
        batch.Fill(validation, starts, 0);
        model.Forward(batch.Inputs, logits, states, states);
        for (int i = 0; i < streams * steps; i++)
            sum += Softmax.NegativeLogLikelihood(logits.AsSpan(i * CharLanguageModel.OutputSize, CharLanguageModel.OutputSize), batch.Targets[i]);
    }
    return sum / (windows * streams * steps);
}
