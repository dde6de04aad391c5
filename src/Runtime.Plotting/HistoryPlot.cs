using System;
using System.Collections.Generic;
using ModelCompiler.Runtime.Fitting;
using ScottPlot;

namespace ModelCompiler.Runtime.Plotting;

/// <summary>Draws a <see cref="TrainingHistory"/> as a PNG: training and validation loss on the left axis, the validation metric on the right.</summary>
public static class HistoryPlot
{
    /// <summary>
    /// Writes the learning curves of <paramref name="history"/> to <paramref name="path"/>, with a dashed line at
    /// <paramref name="bestEpoch"/> when given (e.g. <c>Trainer.BestEpoch</c>: the weights early stopping restores).
    /// </summary>
    public static void SavePng(TrainingHistory history, string path, string title = "Training", int width = 800, int height = 500, int? bestEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (history.Epochs.Count == 0) throw new ArgumentException("The history has no epochs to plot.", nameof(history));

        var epochs = new List<double>();
        var trainLoss = new List<double>();
        var validationEpochs = new List<double>();
        var validationLoss = new List<double>();
        var metric = new List<double>();
        foreach (EpochRecord record in history.Epochs)
        {
            epochs.Add(record.Epoch);
            trainLoss.Add(record.TrainLoss);
            if (record.ValidationLoss is not { } loss || record.ValidationMetric is not { } value) continue;
            validationEpochs.Add(record.Epoch);
            validationLoss.Add(loss);
            metric.Add(value);
        }

        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("loss");
        plot.Add.Scatter(epochs, trainLoss).LegendText = "train loss";
        if (validationEpochs.Count > 0)
        {
            plot.Add.Scatter(validationEpochs, validationLoss).LegendText = "validation loss";
            var metricLine = plot.Add.Scatter(validationEpochs, metric);
            metricLine.LegendText = "validation " + history.MetricName;
            metricLine.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = history.MetricName;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true }; // epochs are whole
        if (bestEpoch is { } best)
        {
            var line = plot.Add.VerticalLine(best);
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = $"best epoch ({best})";
        }
        plot.ShowLegend();
        plot.SavePng(path, width, height);
    }
}
