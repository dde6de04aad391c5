using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace ModelCompiler.Runtime.Fitting;

/// <summary>
/// Per-epoch records of a training run (Keras' <c>History</c>). Saved as CSV with the columns
/// <c>epoch,train_loss,val_loss,val_{metric},learning_rate,grad_norm,seconds</c>; checkpoints carry it so a resumed
/// run continues the same history. Plot it with <c>ModelCompiler.Runtime.Plotting.HistoryPlot</c>.
/// </summary>
public sealed class TrainingHistory
{
    private readonly List<EpochRecord> _epochs = new();

    /// <summary>An empty history whose epochs report <paramref name="metric"/>.</summary>
    public TrainingHistory(Metric metric) => Metric = metric;

    /// <summary>The metric reported in <see cref="EpochRecord.ValidationMetric"/>.</summary>
    public Metric Metric { get; }

    /// <summary>The metric's column name, e.g. <c>accuracy</c>.</summary>
    public string MetricName => Metric.ToString().ToLowerInvariant();

    /// <summary>Epochs in order.</summary>
    public IReadOnlyList<EpochRecord> Epochs => _epochs;

    /// <summary>Appends one epoch.</summary>
    public void Add(EpochRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _epochs.Add(record);
    }

    /// <summary>The history as CSV text (invariant culture, round-trippable numbers, empty cells for missing validation).</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        csv.Append("epoch,train_loss,val_loss,val_").Append(MetricName).Append(",learning_rate,grad_norm,seconds\n");
        foreach (EpochRecord r in _epochs)
        {
            csv.Append(r.Epoch.ToString(CultureInfo.InvariantCulture)).Append(',')
               .Append(Format(r.TrainLoss)).Append(',')
               .Append(r.ValidationLoss is { } loss ? Format(loss) : "").Append(',')
               .Append(r.ValidationMetric is { } metric ? Format(metric) : "").Append(',')
               .Append(r.LearningRate.ToString("R", CultureInfo.InvariantCulture)).Append(',')
               .Append(Format(r.GradientNorm)).Append(',')
               .Append(Format(r.Seconds)).Append('\n');
        }
        return csv.ToString();
    }

    /// <summary>Writes <see cref="ToCsv"/> to <paramref name="path"/>.</summary>
    public void SaveCsv(string path) => File.WriteAllText(path, ToCsv());

    /// <summary>Parses text written by <see cref="ToCsv"/>; <see cref="InvalidDataException"/> when it is not such text.</summary>
    public static TrainingHistory FromCsv(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        string[] lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0) throw new InvalidDataException("The history CSV is empty.");
        string[] header = lines[0].Split(',');
        if (header.Length != 7 || !header[3].StartsWith("val_", StringComparison.Ordinal)
            || !Enum.TryParse(header[3]["val_".Length..], ignoreCase: true, out Metric metric))
            throw new InvalidDataException($"The history CSV header '{lines[0]}' is not the one TrainingHistory writes.");
        var history = new TrainingHistory(metric);
        for (int i = 1; i < lines.Length; i++)
        {
            string[] cells = lines[i].Split(',');
            if (cells.Length != 7) throw new InvalidDataException($"History CSV line {i + 1} has {cells.Length} cells, expected 7.");
            history.Add(new EpochRecord(
                (int)Parse(cells[0], i), Parse(cells[1], i),
                cells[2].Length == 0 ? null : Parse(cells[2], i),
                cells[3].Length == 0 ? null : Parse(cells[3], i),
                (float)Parse(cells[4], i), Parse(cells[5], i), Parse(cells[6], i)));
        }
        return history;
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double Parse(string cell, int line) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new InvalidDataException($"History CSV line {line + 1}: '{cell}' is not a number.");
}
