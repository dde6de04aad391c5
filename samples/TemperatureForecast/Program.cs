using System;
using System.Globalization;
using System.IO;
using System.Linq;
using ModelCompiler.Runtime;
using ModelCompiler.Runtime.Data;
using ModelCompiler.Runtime.Fitting;
using ModelCompiler.Runtime.Plotting;
using TemperatureForecast;

// Seattle 2010 hourly temperatures. The year is split in time: January–August to train, September–October to
// validate (early stopping), November–December to test. Each forecast is compared with the naive forecasts any
// model must beat: persistence ("the coming hours are like the last one") and, for the next day, "like the same
// hours yesterday".
string data = Path.Combine(AppContext.BaseDirectory, "data", "seattle-temps.csv");
float[] temperatures = File.ReadLines(data).Skip(1)
    .Select(line => float.Parse(line.Split(',')[1], CultureInfo.InvariantCulture))
    .ToArray();
int trainEnd = (int)(temperatures.Length * 0.67), validationEnd = (int)(temperatures.Length * 0.83);

// Standardize with statistics of the training months only.
Standardizer scale = Standardizer.Fit(temperatures.AsSpan(0, trainEnd), features: 1);
float[] scaled = (float[])temperatures.Clone();
scale.Transform(scaled);
float std = scale.StandardDeviation[0];

// Next hour: the model reads 24 hours and predicts the next one.
Console.WriteLine(NextHourForecaster.Summary);
SequenceDataset HourWindows(int from, int to) =>
    TimeSeriesWindows.Create(scaled.AsSpan(from, to - from), features: 1, NextHourForecaster.Steps, horizon: 1);
int hourWindow = NextHourForecaster.Steps;
double hourRmse = Fit(new NextHourForecaster(), NextHourForecaster.PyTorchModule, "next-hour", 8,
    HourWindows(0, trainEnd), HourWindows(trainEnd - hourWindow, validationEnd), HourWindows(validationEnd - hourWindow, temperatures.Length));

// Next 24 hours: the model reads 48 hours — each hour's temperature and its change since the same hour the day
// before — and predicts how each of the next 24 hours differs from the same hour the day before (seasonal
// differencing: the daily cycle is given, the network learns the departures from it).
Console.WriteLine(NextDayForecaster.Summary);
int dayWindow = NextDayForecaster.Steps;
double dayRmse = Fit(new NextDayForecaster(), NextDayForecaster.PyTorchModule, "next-24h", 12,
    DayWindows(24, trainEnd), DayWindows(trainEnd - dayWindow, validationEnd), DayWindows(validationEnd - dayWindow, temperatures.Length));

double hourPersistence = Naive(hourWindow, horizon: 1, sameHourYesterday: false);
double dayPersistence = Naive(dayWindow, horizon: 24, sameHourYesterday: false);
double dayYesterday = Naive(dayWindow, horizon: 24, sameHourYesterday: true);
Console.WriteLine();
Console.WriteLine("test RMSE (°F), Nov–Dec 2010   LSTM     persistence   same hours yesterday");
Console.WriteLine($"next hour                      {hourRmse,5:F3}    {hourPersistence,5:F3}");
Console.WriteLine($"next 24 hours (all 24 values)  {dayRmse,5:F3}    {dayPersistence,5:F3}         {dayYesterday,5:F3}");
bool beats = hourRmse < hourPersistence && dayRmse < Math.Min(dayPersistence, dayYesterday);
Console.WriteLine(beats ? "Both LSTMs beat every baseline." : "An LSTM does NOT beat its baselines.");
return beats ? 0 : 1;

// Windows of `dayWindow` hours × (temperature, change over 24 h), with 24 targets each: hour t+k minus hour t+k−24
// (standardized units). `from` ≥ 24, so every change has its day-before hour.
SequenceDataset DayWindows(int from, int to)
{
    const int features = NextDayForecaster.InputSize, dayChangeScale = 10; // day-over-day changes are small: scale them up
    int count = to - from - dayWindow - 24 + 1;
    var inputs = new float[count * dayWindow * features];
    var targets = new float[count * 24];
    for (int i = 0; i < count; i++)
    {
        int first = from + i, last = first + dayWindow - 1;
        for (int t = 0; t < dayWindow; t++)
        {
            inputs[(i * dayWindow + t) * features] = scaled[first + t];
            inputs[(i * dayWindow + t) * features + 1] = dayChangeScale * (scaled[first + t] - scaled[first + t - 24]);
        }
        for (int k = 1; k <= 24; k++) targets[i * 24 + k - 1] = scaled[last + k] - scaled[last + k - 24];
    }
    return SequenceDataset.FromFloats(inputs, dayWindow, features, SequenceTargets.FromValues(targets, perSequence: 24));
}

// Trains with early stopping on the validation windows and returns the test RMSE in °F. Targets and predictions
// are both in standardized units (absolute or differenced), so their difference times σ is the error in °F.
// The trained weights and the equivalent PyTorch module go next to the binary: load_state_dict(load_file(name.safetensors))
// on the module in name.py gives the same forecasts in PyTorch.
double Fit(INetworkModel model, string pytorchModule, string name, int epochs, SequenceDataset train, SequenceDataset validation, SequenceDataset test)
{
    var trainer = new Trainer(model, new TrainerOptions
    {
        Epochs = epochs,
        Seed = 7,
        Metric = Metric.Rmse,
        EarlyStopping = new EarlyStopping(patience: 3),
        Schedule = new CosineSchedule(epochs),
    });
    TrainingHistory history = trainer.Fit(train, validation);
    HistoryPlot.SavePng(history, Path.Combine(AppContext.BaseDirectory, name + "-history.png"), name, bestEpoch: trainer.BestEpoch);
    model.Network.SaveSafetensors(Path.Combine(AppContext.BaseDirectory, name + ".safetensors"));
    File.WriteAllText(Path.Combine(AppContext.BaseDirectory, name + ".py"), pytorchModule);

    float[] predictions = trainer.Predict(test);
    float[] targets = test.Targets.Values!;
    double squared = 0;
    for (int i = 0; i < predictions.Length; i++)
    {
        double error = (predictions[i] - targets[i]) * std;
        squared += error * error;
    }
    return Math.Sqrt(squared / predictions.Length);
}

// RMSE over the test windows of predicting each hour t+k (k = 1 … horizon) by the last observed hour t, or by the
// same hour the day before (t+k−24).
double Naive(int window, int horizon, bool sameHourYesterday)
{
    double squared = 0;
    int count = 0;
    for (int start = validationEnd - window; start + window + horizon <= temperatures.Length; start++)
    {
        int last = start + window - 1;
        for (int k = 1; k <= horizon; k++)
        {
            double error = temperatures[sameHourYesterday ? last + k - 24 : last] - temperatures[last + k];
            squared += error * error;
            count++;
        }
    }
    return Math.Sqrt(squared / count);
}
