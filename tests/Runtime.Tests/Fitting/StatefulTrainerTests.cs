using System;
using System.Linq;
using ModelCompiler.Runtime.Data;
using ModelCompiler.Runtime.Fitting;
using ModelCompiler.Runtime.Training;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Fitting;

/// <summary>
/// <see cref="TrainerOptions.Stateful"/>: the Trainer runs Keras' stateful loop with the state-carrying
/// <c>TrainStep(inputs, targets, states, states)</c> (checked against libtorch in the truncated-BPTT oracle tests):
/// minibatches in order, row i continuing row i, zero states at each epoch and for validation.
/// </summary>
public class StatefulTrainerTests
{
    /// <summary>A character-style model: tokens, a stacked GRU over every step, a class per step.</summary>
    private static Network Model() => new(new NetworkSpec(1, 6, false, 4, 3,
        [new EmbeddingSpec("embedding", 5, 3), new RecurrentSpec("gru", CellKind.Gru, 8, Layers: 2, ReturnSequences: true), new DenseSpec("head", 5)],
        new LossSpec(LossKind.CrossEntropy), new OptimizerSpec(OptimizerKind.Adam, 1e-2f), new ClipSpec(ClipKind.Norm, 1f)));

    /// <summary>Ten windows of 6 tokens, each predicting the next token of a repeating text.</summary>
    private static SequenceDataset Windows(int count, long seed)
    {
        var random = new DeterministicRandom(seed);
        int[] tokens = Enumerable.Range(0, count * 6 + 1).Select(_ => random.NextInt(5)).ToArray();
        int[] inputs = tokens[..(count * 6)], targets = tokens[1..];
        return SequenceDataset.FromTokens(inputs, 6, SequenceTargets.FromClasses(targets, 6));
    }

    /// <param name="batchSize">The trainer's BatchSize: 0 (the model's, 4), or 3 (the validation streams then run 3 wide too).</param>
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void MinibatchesComeInOrderAndEachRowContinuesFromTheStatesTheLastUpdateLeft(int batchSize)
    {
        SequenceDataset train = Windows(10, 1), validation = Windows(7, 2);
        Network fitted = Model(), manual = Model();
        // Shuffle stays at its default (true): a stateful run keeps the order all the same.
        TrainingHistory history = new Trainer(fitted, FittingData.Quiet(2) with { Stateful = true, BatchSize = batchSize }).Fit(train, validation);

        int width = batchSize == 0 ? 4 : batchSize;
        var states = new float[4 * manual.StateSize];
        for (int epoch = 0; epoch < 2; epoch++)
        {
            Array.Clear(states);
            double lossSum = 0;
            for (int first = 0; first < 10; first += width)
            {
                int count = Math.Min(width, 10 - first);
                Span<float> carried = states.AsSpan(0, count * manual.StateSize);
                lossSum += manual.TrainStep(train.Tokens.AsSpan(first * 6, count * 6), train.Targets.Classes.AsSpan(first * 6, count * 6), carried, carried) * (double)count;
            }
            Assert.Equal(lossSum / 10, history.Epochs[epoch].TrainLoss, 12);
        }
        Assert.Equal(manual.Parameters.AsSpan().ToArray(), fitted.Parameters.AsSpan().ToArray());

        // Validation: Forward carrying states from zero, batch by batch, the loss over every step.
        Array.Clear(states);
        var logits = new float[4 * 6 * 5];
        double validationLoss = 0;
        for (int first = 0; first < 7; first += width)
        {
            int count = Math.Min(width, 7 - first);
            Span<float> carried = states.AsSpan(0, count * manual.StateSize);
            manual.Forward(validation.Tokens.AsSpan(first * 6, count * 6), logits.AsSpan(0, count * 30), carried, carried);
            for (int row = 0; row < count * 6; row++)
            {
                double[] z = logits.AsSpan(row * 5, 5).ToArray().Select(v => (double)v).ToArray();
                double max = z.Max();
                validationLoss += max + Math.Log(z.Sum(v => Math.Exp(v - max))) - z[validation.Targets.Classes![first * 6 + row]];
            }
        }
        Assert.Equal(validationLoss / 42, history.Epochs[^1].ValidationLoss!.Value, 5);
    }

    [Fact]
    public void StatefulTrainingNeedsOneModelWithARecurrentLayer()
    {
        var dense = new Network(new NetworkSpec(3, 1, false, 4, 1, [new DenseSpec("head", 2)], new LossSpec(LossKind.CrossEntropy), new OptimizerSpec(OptimizerKind.Sgd, 0.1f)));
        Assert.Contains("the model has no recurrent layer", Assert.Throws<ArgumentException>(() => new Trainer(dense, FittingData.Quiet(1) with { Stateful = true })).Message);
        var pair = new EncoderDecoder(
            new Network(new NetworkSpec(1, 3, false, 4, 1, [new EmbeddingSpec("source", 5, 3), new RecurrentSpec("encoder", CellKind.Gru, 8, Layers: 2)])),
            Model());
        Assert.Contains("Stateful training is for one model", Assert.Throws<ArgumentException>(() => new Trainer(pair, FittingData.Quiet(1) with { Stateful = true })).Message);
    }
}
