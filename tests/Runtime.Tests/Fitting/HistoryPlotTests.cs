using System;
using System.Buffers.Binary;
using System.IO;
using ModelCompiler.Runtime.Fitting;
using ModelCompiler.Runtime.Plotting;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Fitting;

public sealed class HistoryPlotTests
{
    private static TrainingHistory History(int epochs)
    {
        var history = new TrainingHistory(Metric.Rmse);
        for (int e = 1; e <= epochs; e++) history.Add(new EpochRecord(e, 1.0 / e, 1.2 / e, 0.5 / e, 1e-3f, 0.3, 0.1));
        return history;
    }

    [Fact]
    public void Writes_a_png_of_the_requested_size_with_the_best_epoch_marked()
    {
        using var directory = new TemporaryDirectory();
        string plain = directory.File("plain.png"), marked = directory.File("marked.png");
        HistoryPlot.SavePng(History(7), plain, "run", width: 640, height: 400);
        HistoryPlot.SavePng(History(7), marked, "run", width: 640, height: 400, bestEpoch: 4);

        byte[] png = File.ReadAllBytes(marked);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16))); // IHDR width
        Assert.Equal(400, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))); // IHDR height
        Assert.NotEqual(File.ReadAllBytes(plain), png); // the marker is drawn
    }

    [Fact]
    public void An_empty_history_is_rejected()
    {
        using var directory = new TemporaryDirectory();
        var error = Assert.Throws<ArgumentException>(() => HistoryPlot.SavePng(new TrainingHistory(Metric.Accuracy), directory.File("x.png")));
        Assert.Contains("no epochs", error.Message);
    }
}
