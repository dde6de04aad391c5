using System.IO;

namespace ModelCompiler.Runtime.Fitting;

/// <summary>Progress as plain text lines (CI logs, redirected output): one per epoch, and one every few seconds inside long epochs.</summary>
internal sealed class PlainProgress : TrainingProgress
{
    private const double SecondsBetweenBatchLines = 10;

    private readonly TextWriter _output;

    public PlainProgress(TextWriter output, int epochs, int firstEpoch, int batchesPerEpoch, string metricName)
        : base(epochs, firstEpoch, batchesPerEpoch, metricName, SecondsBetweenBatchLines)
    {
        _output = output;
    }

    protected override void OnBatchReport()
    {
        // The epoch line follows at once and says more.
        if (Batch == BatchesPerEpoch) return;
        _output.WriteLine(BatchLine());
    }

    public override void Note(string line)
    {
        _output.WriteLine(line);
        _output.Flush();
    }

    protected override void OnEpochCompleted(EpochRecord record)
    {
        _output.WriteLine(EpochLine(record));
        _output.Flush();
    }
}
