using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using FashionRows;
using ModelCompiler.Runtime.Data;
using ModelCompiler.Runtime.Fitting;

// Fashion-MNIST read row by row: 28 steps of 28 pixels into an LSTM(128) — the model of SPEC §1. The data comes from
// Debian's dataset-fashion-mnist package (sudo apt-get install dataset-fashion-mnist), or from a folder given as the
// first argument holding the four *-idx*-ubyte.gz files.
string folder = args.Length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist";
int epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 12;
if (!File.Exists(Path.Combine(folder, "train-images-idx3-ubyte.gz")))
{
    Console.Error.WriteLine($"Fashion-MNIST not found in {folder}: run `sudo apt-get install dataset-fashion-mnist`, or pass the folder holding the *-idx*-ubyte.gz files.");
    return 2;
}
var clock = Stopwatch.StartNew();
float[] trainImages = IdxFile.ReadImages(Path.Combine(folder, "train-images-idx3-ubyte.gz"), out int trainCount);
int[] trainLabels = IdxFile.ReadLabels(Path.Combine(folder, "train-labels-idx1-ubyte.gz"));
float[] testImages = IdxFile.ReadImages(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), out int testCount);
int[] testLabels = IdxFile.ReadLabels(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"));

const int steps = RowsClassifier.Steps, pixels = RowsClassifier.InputSize;
SequenceDataset all = SequenceDataset.FromFloats(trainImages, steps, pixels, SequenceTargets.FromClasses(trainLabels));
SequenceDataset test = SequenceDataset.FromFloats(testImages, steps, pixels, SequenceTargets.FromClasses(testLabels));
(SequenceDataset train, SequenceDataset validation) = DatasetSplit.Shuffled(all, validationFraction: 1.0 / 12, seed: 1);

Console.WriteLine(RowsClassifier.Summary);
var model = new RowsClassifier();
// Both cores when there are two: large products and the cell updates split between them, with the same bits as one core.
if (Environment.ProcessorCount >= 2) model.Cores = 2;
var trainer = new Trainer(model, new TrainerOptions
{
    Epochs = epochs,
    Metric = Metric.Accuracy,
    Monitor = MonitoredQuantity.Metric,
    EarlyStopping = new EarlyStopping(patience: 3),
    Schedule = new CosineSchedule(epochs),
});
trainer.Fit(train, validation);
double accuracy = trainer.Evaluate(test).Metric;

// Baselines: the most frequent class, and the nearest class mean of the raw pixels.
double majority = testLabels.GroupBy(l => l).Max(g => g.Count()) / (double)testCount;
double centroid = NearestCentroidAccuracy();
Console.WriteLine($"test accuracy: LSTM {accuracy:P2}, nearest class mean {centroid:P2}, majority class {majority:P2} ({testCount} images, {clock.Elapsed.TotalSeconds:F0} s)");
model.SaveSafetensors(Path.Combine(AppContext.BaseDirectory, "fashion-rows.safetensors"));
return accuracy > centroid ? 0 : 1;

double NearestCentroidAccuracy()
{
    int size = steps * pixels;
    var means = new double[10, size];
    var counts = new int[10];
    for (int i = 0; i < trainCount; i++)
    {
        counts[trainLabels[i]]++;
        for (int p = 0; p < size; p++) means[trainLabels[i], p] += trainImages[i * size + p];
    }
    int correct = 0;
    for (int i = 0; i < testCount; i++)
    {
        int best = 0;
        double bestDistance = double.MaxValue;
        for (int c = 0; c < 10; c++)
        {
            double distance = 0;
            for (int p = 0; p < size; p++)
            {
                double d = testImages[i * size + p] - means[c, p] / counts[c];
                distance += d * d;
            }
            if (distance < bestDistance) (best, bestDistance) = (c, distance);
        }
        if (best == testLabels[i]) correct++;
    }
    return correct / (double)testCount;
}
