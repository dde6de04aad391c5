using System;
using System.Collections.Generic;

namespace ModelCompiler.Benchmarks.Catalog;

/// <summary>The SPEC §7 shapes, their sizes (shared by every implementation) and their issue-4 targets.</summary>
public static class Shapes
{
    public const string StreamLstm16 = "stream-lstm16";
    public const string StreamGru64 = "stream-gru64";
    public const string SeqLstm128 = "seq-lstm128";
    public const string TrainRows = "train-rows";
    public const string TrainGru256 = "train-gru256";
    public const string FineTuneRows = "finetune-rows";
    public const string PeakFma = "peak-fma";
    public const string GemmRows = "gemm-rows";

    /// <summary>Sizes of seq-lstm128.</summary>
    public const int SeqInput = 64, SeqHidden = 128, SeqClasses = 10, SeqSteps = 100;

    /// <summary>Sizes of train-rows.</summary>
    public const int RowsInput = 28, RowsHidden = 128, RowsClasses = 10, RowsSteps = 28, RowsBatch = 64;

    /// <summary>Sizes of train-gru256.</summary>
    public const int Gru256Input = 32, Gru256Hidden = 256, Gru256Outputs = 32, Gru256Steps = 50, Gru256Batch = 64;

    /// <summary>512-bit iterations of the peak micro benchmark's FMA loop (the 256-bit loop runs twice as many).</summary>
    public const int PeakIterations = 4096;

    /// <summary>Independent FMA chains in the peak loop: enough to cover two units × four cycles of latency.</summary>
    public const int PeakAccumulators = 12;

    private static readonly Dictionary<string, Shape> ByName = new(StringComparer.Ordinal)
    {
        [StreamLstm16] = new(StreamLstm16, FlopCount.LstmStep(1, 1, 16) + FlopCount.Dense(1, 16, 1), 60),
        [StreamGru64] = new(StreamGru64, FlopCount.GruStep(1, 1, 64) + FlopCount.Dense(1, 64, 1), 750),
        [SeqLstm128] = new(SeqLstm128,
            SeqSteps * FlopCount.LstmStep(1, SeqInput, SeqHidden) + FlopCount.Dense(1, SeqHidden, SeqClasses), 350_000),
        [TrainRows] = new(TrainRows, FlopCount.TrainStep(
            RowsSteps * FlopCount.LstmStep(RowsBatch, RowsInput, RowsHidden) + FlopCount.Dense(RowsBatch, RowsHidden, RowsClasses),
            FlopCount.LstmParameters(RowsInput, RowsHidden) + FlopCount.DenseParameters(RowsHidden, RowsClasses)), 9_000_000),
        // The frozen LSTM runs forward only; the head runs forward, backward and Adam.
        [FineTuneRows] = new(FineTuneRows,
            RowsSteps * FlopCount.LstmStep(RowsBatch, RowsInput, RowsHidden)
            + FlopCount.TrainStep(FlopCount.Dense(RowsBatch, RowsHidden, RowsClasses), FlopCount.DenseParameters(RowsHidden, RowsClasses)), null),
        [TrainGru256] = new(TrainGru256, FlopCount.TrainStep(
            Gru256Steps * FlopCount.GruStep(Gru256Batch, Gru256Input, Gru256Hidden) + FlopCount.Dense(Gru256Batch, Gru256Hidden, Gru256Outputs),
            FlopCount.GruParameters(Gru256Input, Gru256Hidden) + FlopCount.DenseParameters(Gru256Hidden, Gru256Outputs)), 45_000_000),
        [PeakFma] = new(PeakFma, 2.0 * PeakIterations * PeakAccumulators * 16, null),
        // train-rows' recurrent products of one forward pass plus its W_hh weight gradient (the GEMM parts).
        [GemmRows] = new(GemmRows, 2.0 * (RowsSteps * RowsBatch * RowsHidden * 4.0 * RowsHidden + RowsSteps * RowsBatch * 4.0 * RowsHidden * RowsHidden), null),
    };

    /// <summary>The shape called <paramref name="name"/>.</summary>
    public static Shape Get(string name) => ByName[name];
}
