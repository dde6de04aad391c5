using System;
using Spectre.Console;

namespace ModelCompiler.Runtime.Fitting;

/// <summary>A live Spectre.Console bar over the whole run (epoch, batch, loss, metric, sequences/s, ETA), with one line printed per finished epoch.</summary>
internal sealed class LiveProgress : TrainingProgress
{
    private const double SecondsBetweenUpdates = 0.1;

    private ProgressTask? _task;
    private int _shownBatches;

    public LiveProgress(int epochs, int firstEpoch, int batchesPerEpoch, string metricName)
        : base(epochs, firstEpoch, batchesPerEpoch, metricName, SecondsBetweenUpdates)
    {
    }

    public override void Run(Action training)
    {
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 12 }, new PercentageColumn())
            .Start(context =>
            {
                _task = context.AddTask("starting", maxValue: Math.Max((Epochs - FirstEpoch) * BatchesPerEpoch, 1));
                base.Run(training);
            });
    }

    protected override void OnBatchReport() => Update();

    public override void Note(string line) => AnsiConsole.MarkupLine(Markup.Escape(line));

    protected override void OnEpochCompleted(EpochRecord record)
    {
        Update();
        AnsiConsole.MarkupLine(Markup.Escape(EpochLine(record)));
    }

    private void Update()
    {
        if (_task is null) return;
        int done = (Epoch - FirstEpoch - 1) * BatchesPerEpoch + Batch;
        _task.Increment(done - _shownBatches);
        _shownBatches = done;
        _task.Description = Markup.Escape(BatchLine());
    }
}
