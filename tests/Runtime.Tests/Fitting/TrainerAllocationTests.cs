using System;
using ModelCompiler.Runtime.Data;
using ModelCompiler.Runtime.Fitting;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Fitting;

public sealed class TrainerAllocationTests
{
    [Fact]
    public void Training_batches_allocate_nothing()
    {
        Measure(FittingData.Sequences(16, 1)); // warm-up: first calls JIT and initialize statics

        // The least of a few runs: a background tier-up of JIT code now and then allocates on this thread too.
        long oneBatch = Least(() => Measure(FittingData.Sequences(8, 1)));     // 1 batch per epoch
        long tenBatches = Least(() => Measure(FittingData.Sequences(80, 1)));  // 10 batches per epoch

        // The only size-dependent allocation is the shuffling order (4 bytes per sequence, once per Fit).
        long orderGrowth = (80 - 8) * sizeof(int);
        Assert.InRange(tenBatches - oneBatch, 0, orderGrowth + 256);
    }

    [Fact]
    public void Stateful_training_batches_allocate_nothing()
    {
        TrainerOptions stateful = FittingData.Quiet(3) with { Stateful = true };
        MeasureFit(() => new Trainer(FittingData.Classifier(), stateful), FittingData.Sequences(16, 1));
        long oneBatch = Least(() => MeasureFit(() => new Trainer(FittingData.Classifier(), stateful), FittingData.Sequences(8, 1)));
        long tenBatches = Least(() => MeasureFit(() => new Trainer(FittingData.Classifier(), stateful), FittingData.Sequences(80, 1)));
        Assert.InRange(tenBatches - oneBatch, 0, (80 - 8) * sizeof(int) + 256);
    }

    [Fact]
    public void Pair_training_batches_allocate_nothing()
    {
        static long Measure(int pairs)
        {
            var pair = new EncoderDecoder(
                new Network(new NetworkSpec(3, 5, false, 8, 1, [new RecurrentSpec("encoder", CellKind.Lstm, 6)])),
                FittingData.Classifier());
            // Each classifier sequence is its own decoder sequence, and also its source.
            SequenceDataset decoder = FittingData.Sequences(pairs, 1);
            var data = SequencePairs.FromFloats(decoder.Inputs!, 5, 3, decoder);
            var trainer = new Trainer(pair, FittingData.Quiet(3));
            long before = GC.GetAllocatedBytesForCurrentThread();
            trainer.Fit(data);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Measure(16);
        long oneBatch = Least(() => Measure(8)), tenBatches = Least(() => Measure(80));
        Assert.InRange(tenBatches - oneBatch, 0, (80 - 8) * sizeof(int) + 256);
    }

    private static long MeasureFit(Func<Trainer> create, SequenceDataset data)
    {
        Trainer trainer = create();
        long before = GC.GetAllocatedBytesForCurrentThread();
        trainer.Fit(data);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static long Least(Func<long> measure)
    {
        long least = long.MaxValue;
        for (int i = 0; i < 3; i++) least = Math.Min(least, measure());
        return least;
    }

    private static long Measure(SequenceDataset data)
    {
        var trainer = new Trainer(FittingData.Classifier(), FittingData.Quiet(3));
        long before = GC.GetAllocatedBytesForCurrentThread();
        trainer.Fit(data);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
