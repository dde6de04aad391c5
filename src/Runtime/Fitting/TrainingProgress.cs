using System;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace ModelCompiler.Runtime.Fitting;

/// <summary>
/// Measures a training run (sequences/s, time left) and decides when to show it; this base shows nothing
/// (<see cref="ProgressMode.None"/>). Reports are throttled by time, so a batch normally costs a few counter updates
/// and allocates nothing; text is built only when a report is due.
/// </summary>
internal class TrainingProgress
{
    private readonly double _reportInterval;
    private long _lastReport;
    private long _runStart;
    private int _batchesDone;
    private double _lossSum;
    private int _epochSequences;
    private long _epochStart;

    protected TrainingProgress(int epochs, int firstEpoch, int batchesPerEpoch, string metricName, double reportIntervalSeconds)
    {
        Epochs = epochs;
        FirstEpoch = firstEpoch;
        BatchesPerEpoch = batchesPerEpoch;
        MetricName = metricName;
        _reportInterval = reportIntervalSeconds;
    }

    protected int Epochs { get; }
    protected int FirstEpoch { get; }
    protected int BatchesPerEpoch { get; }
    protected string MetricName { get; }
    protected int Epoch { get; private set; }
    protected int Batch { get; private set; }
    protected double? LastMetric { get; private set; }

    /// <summary>The progress <paramref name="options"/> ask for.</summary>
    public static TrainingProgress Create(TrainerOptions options, int firstEpoch, int batchesPerEpoch, string metricName)
    {
        ProgressMode mode = options.Progress;
        if (mode == ProgressMode.Auto)
        {
            bool interactive = options.Output is null && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
            mode = interactive ? ProgressMode.Live : ProgressMode.Plain;
        }
        return mode switch
        {
            ProgressMode.Live => new LiveProgress(options.Epochs, firstEpoch, batchesPerEpoch, metricName),
            ProgressMode.Plain => new PlainProgress(options.Output ?? Console.Out, options.Epochs, firstEpoch, batchesPerEpoch, metricName),
            _ => new TrainingProgress(options.Epochs, firstEpoch, batchesPerEpoch, metricName, double.PositiveInfinity),
        };
    }

    /// <summary>Runs the whole training inside the display (a live display needs to own the console meanwhile).</summary>
    public virtual void Run(Action training)
    {
        _runStart = _lastReport = Stopwatch.GetTimestamp();
        training();
    }

    public void EpochStarted(int epoch)
    {
        Epoch = epoch;
        Batch = 0;
        _lossSum = 0;
        _epochSequences = 0;
        _epochStart = Stopwatch.GetTimestamp();
        if (_runStart == 0) _runStart = _lastReport = _epochStart;
    }

    public void BatchCompleted(int sequences, float loss)
    {
        Batch++;
        _batchesDone++;
        _epochSequences += sequences;
        _lossSum += (double)loss * sequences;
        long now = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(_lastReport, now).TotalSeconds < _reportInterval) return;
        _lastReport = now;
        OnBatchReport();
    }

    public void EpochCompleted(EpochRecord record)
    {
        LastMetric = record.ValidationMetric;
        OnEpochCompleted(record);
    }

    /// <summary>A line about the run itself (early stopping, restored weights), shown between the epoch lines.</summary>
    public virtual void Note(string line)
    {
    }

    protected virtual void OnBatchReport()
    {
    }

    protected virtual void OnEpochCompleted(EpochRecord record)
    {
    }

    /// <summary>Mean training loss of the current epoch so far.</summary>
    protected double RunningLoss => _epochSequences == 0 ? double.NaN : _lossSum / _epochSequences;

    /// <summary>Training throughput of the current epoch.</summary>
    protected double SequencesPerSecond => _epochSequences / Math.Max(Stopwatch.GetElapsedTime(_epochStart).TotalSeconds, 1e-9);

    /// <summary>Time left for the remaining batches of the run, at this run's average time per batch.</summary>
    protected TimeSpan Remaining
    {
        get
        {
            int left = (Epochs - Epoch) * BatchesPerEpoch + (BatchesPerEpoch - Batch);
            double perBatch = Stopwatch.GetElapsedTime(_runStart).TotalSeconds / Math.Max(_batchesDone, 1);
            return TimeSpan.FromSeconds(Math.Max(left, 0) * perBatch);
        }
    }

    protected string BatchLine() => string.Create(CultureInfo.InvariantCulture,
        $"epoch {Epoch}/{Epochs}  batch {Batch}/{BatchesPerEpoch}  loss {RunningLoss:F4}  {PreviousMetricText()}{SequencesPerSecond:F0} seq/s  ETA {Remaining:hh\\:mm\\:ss}");

    protected string EpochLine(EpochRecord r) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {r.Epoch}/{Epochs}  loss {r.TrainLoss:F4}  {(r.ValidationLoss is { } v ? $"val_loss {v:F4}  " : "")}{MetricText()}lr {Short(r.LearningRate)}  |g| {Short(r.GradientNorm)}  {r.Seconds:F1} s  ETA {Remaining:hh\\:mm\\:ss}");

    /// <summary>Three significant digits, in plain notation from 0.001 to 9,999 and as <c>3.08e-5</c> outside it (not <c>3.08E-05</c>).</summary>
    internal static string Short(double value)
    {
        double magnitude = Math.Abs(value);
        bool plain = value == 0 || !double.IsFinite(value) || (magnitude >= 1e-3 && magnitude < 1e4);
        return value.ToString(plain ? "G3" : "0.##e+0", CultureInfo.InvariantCulture);
    }

    private string MetricText() => LastMetric is { } metric ? string.Create(CultureInfo.InvariantCulture, $"val_{MetricName} {metric:F4}  ") : "";

    /// <summary>Inside an epoch the validation metric is the previous epoch's: the line says so.</summary>
    private string PreviousMetricText() =>
        LastMetric is { } metric ? string.Create(CultureInfo.InvariantCulture, $"val_{MetricName} {metric:F4} (epoch {Epoch - 1})  ") : "";
}
