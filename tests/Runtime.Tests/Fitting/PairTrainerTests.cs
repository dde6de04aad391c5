using System;
using System.IO;
using System.Linq;
using ModelCompiler.Runtime.Data;
using ModelCompiler.Runtime.Fitting;
using ModelCompiler.Runtime.IO;
using ModelCompiler.Runtime.Tests.Engine;
using ModelCompiler.Runtime.Training;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Fitting;

/// <summary>
/// <see cref="Trainer"/> on an <see cref="EncoderDecoder"/>: each update is the pair's <c>TrainStep</c> (checked against
/// libtorch in <c>EncoderDecoderTests</c>) on the same pairs' sources and decoder sequences; validation is the pair's
/// teacher-forced <c>Forward</c>; checkpoints carry both models and resume bit-identically.
/// </summary>
public class PairTrainerTests
{
    private const int SourceSteps = 5, TargetSteps = 4, Vocabulary = 7, Start = 6;

    /// <summary>A token GRU encoder (dropout between its two layers: the generator state must survive a resume) and a decoder with its head.</summary>
    private static EncoderDecoder Pair(int seed = 1) => new(
        new Network(new NetworkSpec(1, SourceSteps, true, 8, seed,
            [new EmbeddingSpec("source", Vocabulary, 4), new RecurrentSpec("encoder", CellKind.Gru, 8, Layers: 2, Dropout: 0.25f)])),
        new Network(new NetworkSpec(1, TargetSteps, false, 8, seed + 1,
            [new EmbeddingSpec("target", Vocabulary, 4), new RecurrentSpec("decoder", CellKind.Gru, 8, Layers: 2, ReturnSequences: true), new DenseSpec("out", Vocabulary)],
            new LossSpec(LossKind.CrossEntropy), new OptimizerSpec(OptimizerKind.Adam, 1e-2f), new ClipSpec(ClipKind.Norm, 1f))));

    /// <summary>Pairs whose targets are the source's first four tokens reversed; sources of 2..5 real steps.</summary>
    private static SequencePairs Data(int count, long seed)
    {
        var random = new DeterministicRandom(seed);
        int[] sources = new int[count * SourceSteps], lengths = new int[count];
        int[] inputs = new int[count * TargetSteps], targets = new int[count * TargetSteps];
        for (int i = 0; i < count; i++)
        {
            lengths[i] = 2 + random.NextInt(SourceSteps - 1);
            for (int t = 0; t < lengths[i]; t++) sources[i * SourceSteps + t] = random.NextInt(Start);
            for (int t = 0; t < TargetSteps; t++)
            {
                targets[i * TargetSteps + t] = sources[i * SourceSteps + TargetSteps - 1 - t];
                inputs[i * TargetSteps + t] = t == 0 ? Start : targets[i * TargetSteps + t - 1];
            }
        }
        var decoder = SequenceDataset.FromTokens(inputs, TargetSteps, SequenceTargets.FromClasses(targets, TargetSteps));
        return SequencePairs.FromTokens(sources, SourceSteps, decoder, lengths);
    }

    private static float[] Parameters(EncoderDecoder pair) =>
        [.. pair.Encoder.Parameters.AsSpan().ToArray(), .. pair.Decoder.Parameters.AsSpan().ToArray()];

    [Fact]
    public void EachUpdateIsThePairsTrainStepOnTheSamePairs()
    {
        SequencePairs data = Data(20, 3);
        EncoderDecoder fitted = Pair(), manual = Pair();
        var trainer = new Trainer(fitted, FittingData.Quiet(2) with { Shuffle = false, BatchSize = 6 });
        TrainingHistory history = trainer.Fit(data);

        // The same minibatches by hand: pairs 0–5, 6–11, 12–17, 18–19, twice.
        int[] sources = data.Sources.Tokens!, lengths = data.SourceLengths!, inputs = data.Decoder.Tokens!, targets = data.Decoder.Targets.Classes!;
        for (int epoch = 0; epoch < 2; epoch++)
        {
            double lossSum = 0;
            for (int first = 0; first < 20; first += 6)
            {
                int count = Math.Min(6, 20 - first);
                float loss = manual.TrainStep(
                    sources.AsSpan(first * SourceSteps, count * SourceSteps), inputs.AsSpan(first * TargetSteps, count * TargetSteps),
                    targets.AsSpan(first * TargetSteps, count * TargetSteps), lengths.AsSpan(first, count));
                lossSum += (double)loss * count;
            }
            Assert.Equal(lossSum / 20, history.Epochs[epoch].TrainLoss, 12);
        }
        Assert.Equal(Parameters(manual), Parameters(fitted));
        Assert.Equal(manual.LastGradientNorm, trainer.LastGradientNorm);
        Assert.Same(fitted, trainer.Pair);
        Assert.Same(fitted.Decoder, trainer.Network);
    }

    [Fact]
    public void ValidationIsTheDecodersLossAndAccuracyWithTeacherForcing()
    {
        SequencePairs data = Data(11, 4);
        EncoderDecoder pair = Pair();
        Evaluation evaluation = new Trainer(pair, FittingData.Quiet(1)).Evaluate(data);

        // The pair's Forward on all 11 pairs (batch 8, then 3), cross-entropy and accuracy over every step in double.
        double lossSum = 0;
        int correct = 0;
        var logits = new float[8 * TargetSteps * Vocabulary];
        for (int first = 0; first < 11; first += 8)
        {
            int count = Math.Min(8, 11 - first);
            pair.Forward(data.Sources.Tokens.AsSpan(first * SourceSteps, count * SourceSteps), data.Decoder.Tokens.AsSpan(first * TargetSteps, count * TargetSteps),
                logits.AsSpan(0, count * TargetSteps * Vocabulary), data.SourceLengths.AsSpan(first, count));
            for (int row = 0; row < count * TargetSteps; row++)
            {
                ReadOnlySpan<float> z = logits.AsSpan(row * Vocabulary, Vocabulary);
                int target = data.Decoder.Targets.Classes![first * TargetSteps + row];
                double max = z.ToArray().Max(), sum = z.ToArray().Sum(v => Math.Exp(v - max));
                lossSum += max + Math.Log(sum) - z[target];
                if (z.IndexOf(z.ToArray().Max()) == target) correct++;
            }
        }
        Assert.Equal(lossSum / (11 * TargetSteps), evaluation.Loss, 5);
        Assert.Equal((double)correct / (11 * TargetSteps), evaluation.Metric, 12);
        Assert.Equal(11 * TargetSteps * Vocabulary, new Trainer(pair, FittingData.Quiet(1)).Predict(data).Length);
    }

    [Fact]
    public void APairLearnsToReverseAndEarlyStoppingRestoresBothModels()
    {
        SequencePairs train = Data(512, 5), validation = Data(64, 6);
        EncoderDecoder pair = Pair();
        var trainer = new Trainer(pair, FittingData.Quiet(60) with { Monitor = MonitoredQuantity.Metric, EarlyStopping = new EarlyStopping(4) });
        TrainingHistory history = trainer.Fit(train, validation);
        double best = history.Epochs.Max(e => e.ValidationMetric!.Value);
        Assert.True(best > 0.9, $"best validation accuracy {best}");
        // The restored weights are the best epoch's, encoder included: evaluating again gives that epoch's accuracy.
        Assert.Equal(best, trainer.Evaluate(validation).Metric, 12);
    }

    [Fact]
    public void AResumedRunEqualsTheRunNeverInterrupted()
    {
        SequencePairs train = Data(40, 7), validation = Data(16, 8);
        using var directory = new TemporaryDirectory();
        string path = directory.File("pair.ckpt");
        TrainerOptions options = FittingData.Quiet(4) with { BatchSize = 8, EarlyStopping = new EarlyStopping(10) };

        EncoderDecoder whole = Pair();
        var uninterrupted = new Trainer(whole, options);
        uninterrupted.Fit(train, validation);

        EncoderDecoder first = Pair();
        new Trainer(first, options with { Epochs = 2, CheckpointPath = path }).Fit(train, validation);
        EncoderDecoder second = Pair(seed: 11); // other initial weights: everything must come from the checkpoint
        var resumed = new Trainer(second, options);
        resumed.Resume(path);
        resumed.Fit(train, validation);

        Assert.Equal(Parameters(whole), Parameters(second));
        Assert.Equal(uninterrupted.History.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss, e.ValidationMetric, e.GradientNorm)),
            resumed.History.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss, e.ValidationMetric, e.GradientNorm)));
        Assert.Equal(uninterrupted.BestEpoch, resumed.BestEpoch);
    }

    [Fact]
    public void CheckpointsOfOneModelAndOfAPairAreNotMixedUp()
    {
        using var directory = new TemporaryDirectory();
        string single = directory.File("single.ckpt"), pair = directory.File("pair.ckpt");
        new Trainer(FittingData.Classifier(), FittingData.Quiet(1) with { CheckpointPath = single }).Fit(FittingData.Sequences(16, 1));
        new Trainer(Pair(), FittingData.Quiet(1) with { CheckpointPath = pair }).Fit(Data(16, 1));

        EncoderDecoder untouched = Pair(seed: 11);
        float[] before = Parameters(untouched);
        var one = Assert.Throws<InvalidDataException>(() => new Trainer(untouched, FittingData.Quiet(2)).Resume(single));
        Assert.Contains("the checkpoint holds one model, but this trainer trains an encoder-decoder pair", one.Message);
        var two = Assert.Throws<InvalidDataException>(() => new Trainer(FittingData.Classifier(), FittingData.Quiet(2)).Resume(pair));
        Assert.Contains("the checkpoint holds an encoder-decoder pair, but this trainer trains one model", two.Message);

        // A pair of other shapes: every mismatched parameter of either model is listed, and nothing changes.
        var other = new EncoderDecoder(
            new Network(new NetworkSpec(1, SourceSteps, true, 8, 1, [new EmbeddingSpec("source", Vocabulary, 5), new RecurrentSpec("encoder", CellKind.Gru, 8, Layers: 2)])),
            new Network(new NetworkSpec(1, TargetSteps, false, 8, 2,
                [new EmbeddingSpec("target", Vocabulary, 5), new RecurrentSpec("decoder", CellKind.Gru, 8, Layers: 2, ReturnSequences: true), new DenseSpec("out", Vocabulary)],
                new LossSpec(LossKind.CrossEntropy), new OptimizerSpec(OptimizerKind.Adam, 1e-2f), new ClipSpec(ClipKind.Norm, 1f))));
        float[] otherBefore = Parameters(other);
        var shapes = Assert.Throws<InvalidDataException>(() => new Trainer(other, FittingData.Quiet(2)).Resume(pair));
        Assert.Contains("tensor 'model.decoder.target.weight' has shape [7, 4], expected [7, 5]", shapes.Message);
        Assert.Contains("tensor 'model.encoder.source.weight' has shape [7, 4], expected [7, 5]", shapes.Message);

        Assert.Equal(otherBefore, Parameters(other));
        Assert.Equal(before, Parameters(untouched));
    }

    [Fact]
    public void ACheckpointWithOnlyOneModelsBestWeightsIsRefused()
    {
        using var directory = new TemporaryDirectory();
        string whole = directory.File("whole.ckpt"), half = directory.File("half.ckpt");
        TrainerOptions options = FittingData.Quiet(2) with { EarlyStopping = new EarlyStopping(5) };
        new Trainer(Pair(), options with { CheckpointPath = whole }).Fit(Data(16, 1), Data(8, 2));
        // The same file without the encoder's best weights.
        SafetensorsFile file = SafetensorsReader.Read(whole);
        var writer = new SafetensorsWriter(file.Metadata);
        foreach (SafetensorsTensor tensor in file.Tensors.Where(t => !t.Name.StartsWith("best.encoder.", StringComparison.Ordinal)))
            writer.Add(tensor.Name, tensor.Shape.ToArray(), tensor.ToFloatArray());
        writer.Save(half);

        EncoderDecoder pair = Pair(seed: 11);
        float[] before = Parameters(pair);
        var trainer = new Trainer(pair, options);
        var problem = Assert.Throws<InvalidDataException>(() => trainer.Resume(half));
        Assert.Contains("the checkpoint holds the best weights of the decoder but not of the encoder", problem.Message);
        Assert.Equal(before, Parameters(pair));
        trainer.Resume(whole); // the whole file resumes
    }

    [Fact]
    public void BadPairsAreRefusedBeforeAnyUpdate()
    {
        EncoderDecoder pair = Pair();
        float[] before = Parameters(pair);
        var trainer = new Trainer(pair, FittingData.Quiet(1));
        SequencePairs good = Data(8, 1);

        // Sources of another length than the encoder's steps, a token outside its vocabulary (at a real step), floats.
        var steps = SequencePairs.FromTokens(new int[8 * 4], 4, good.Decoder);
        Assert.Contains("train sources does not fit the model: the model takes 5 steps but the data has 4",
            Assert.Throws<ArgumentException>(() => trainer.Fit(steps)).Message);
        int[] tokens = (int[])good.Sources.Tokens!.Clone();
        tokens[3 * SourceSteps] = Vocabulary;
        var token = SequencePairs.FromTokens(tokens, SourceSteps, good.Decoder, good.SourceLengths);
        Assert.Contains("sequence 3, step 0 is token 7, but the model reads tokens 0..6",
            Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(good, token)).Message);
        var floats = SequencePairs.FromFloats(new float[8 * SourceSteps], SourceSteps, 1, good.Decoder);
        Assert.Contains("the model reads tokens but the data holds floats", Assert.Throws<ArgumentException>(() => trainer.Evaluate(floats)).Message);
        // The decoder's side is checked as a single model's data is.
        var classes = SequencePairs.FromTokens(good.Sources.Tokens!, SourceSteps,
            SequenceDataset.FromTokens(good.Decoder.Tokens!, TargetSteps, SequenceTargets.FromClasses(new int[8 * TargetSteps].Select(_ => 9).ToArray(), TargetSteps)), good.SourceLengths);
        Assert.Contains("train.Decoder does not fit the model", Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(classes)).Message);
        // Counts that differ, and data of the other kind of trainer.
        Assert.Contains("There are 7 source sequences but 8 decoder sequences",
            Assert.Throws<ArgumentException>(() => SequencePairs.FromTokens(new int[7 * SourceSteps], SourceSteps, good.Decoder)).Message);
        Assert.Throws<InvalidOperationException>(() => trainer.Fit(FittingData.Sequences(8, 1)));
        Assert.Throws<InvalidOperationException>(() => new Trainer(FittingData.Classifier(), FittingData.Quiet(1)).Fit(good));
        Assert.Contains("1..8 (the encoder's BatchSize is 8)", Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(
            new EncoderDecoder(Pair().Encoder, new Network(Pair().Decoder.Spec with { BatchSize = 16 })), FittingData.Quiet(1) with { BatchSize = 12 })).Message);
        Assert.Contains("1..8 (the decoder's BatchSize is 8)", Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(
            new EncoderDecoder(new Network(Pair().Encoder.Spec with { BatchSize = 16 }), Pair().Decoder), FittingData.Quiet(1) with { BatchSize = 12 })).Message);
        Assert.Equal(before, Parameters(pair));
    }
}
