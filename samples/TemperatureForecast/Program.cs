using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using TemperatureForecast;

// Seattle 2010 hourly temperatures: train an LSTM on the first 80% of the year, test on the rest, and compare
// with persistence ("the next hour is like this hour"), the baseline any forecast must beat.
string path = Path.Combine(AppContext.BaseDirectory, "data", "seattle-temps.csv");
float[] temperatures = File.ReadLines(path).Skip(1)
    .Select(line => float.Parse(line.Split(',')[1], CultureInfo.InvariantCulture))
    .ToArray();
int window = Forecaster.Steps;
int split = (int)(temperatures.Length * 0.8);

// Standardize with statistics of the training part only.
float mean = temperatures.Take(split).Average();
float std = MathF.Sqrt(temperatures.Take(split).Select(t => (t - mean) * (t - mean)).Average());
float[] scaled = temperatures.Select(t => (t - mean) / std).ToArray();

int[] trainStarts = Enumerable.Range(0, split - window).ToArray();
int[] testStarts = Enumerable.Range(split, temperatures.Length - split - window).ToArray();

var model = new Forecaster();
int batch = Forecaster.BatchSize;
var inputs = new float[batch * window];
var targets = new float[batch];
var random = new Random(1);
int epochs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 6;
var clock = Stopwatch.StartNew();
for (int epoch = 1; epoch <= epochs; epoch++)
{
    random.Shuffle(trainStarts);
    double lossSum = 0;
    int batches = trainStarts.Length / batch;
    for (int k = 0; k < batches; k++)
    {
        for (int b = 0; b < batch; b++)
        {
            int start = trainStarts[k * batch + b];
            scaled.AsSpan(start, window).CopyTo(inputs.AsSpan(b * window, window));
            targets[b] = scaled[start + window];
        }
        lossSum += model.TrainStep(inputs, targets);
    }
    Console.WriteLine($"epoch {epoch}: train MSE {lossSum / batches:F4} (standardized), {clock.Elapsed.TotalSeconds:F1} s");
}

double modelSquared = 0, persistenceSquared = 0;
var prediction = new float[1];
foreach (int start in testStarts)
{
    model.Predict(scaled.AsSpan(start, window), prediction);
    float actual = temperatures[start + window];
    float forecast = prediction[0] * std + mean;
    modelSquared += (forecast - actual) * (forecast - actual);
    float persistence = temperatures[start + window - 1];
    persistenceSquared += (persistence - actual) * (persistence - actual);
}
double modelRmse = Math.Sqrt(modelSquared / testStarts.Length);
double persistenceRmse = Math.Sqrt(persistenceSquared / testStarts.Length);
Console.WriteLine($"test RMSE, next hour: LSTM {modelRmse:F3} °F, persistence {persistenceRmse:F3} °F ({testStarts.Length} windows)");
Console.WriteLine(modelRmse < persistenceRmse ? "LSTM beats persistence." : "LSTM does NOT beat persistence.");
model.SaveSafetensors(Path.Combine(AppContext.BaseDirectory, "forecaster.safetensors"));
return modelRmse < persistenceRmse ? 0 : 1;
