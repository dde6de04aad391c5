using System.Threading;
using System.Collections.Generic;
using System;
using System.IO;
using System.Linq;
using ModelCompiler.Runtime.Data;
using ModelCompiler.Runtime.Fitting;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Fitting;

public sealed class TrainerTests
{
    [Fact]
    public void The_same_seeds_give_bit_identical_training()
    {
        float[] first = Train(shuffleSeed: 9), second = Train(shuffleSeed: 9), other = Train(shuffleSeed: 10);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other); // the shuffling seed matters, so the equality above is not vacuous
    }

    private static float[] Train(long shuffleSeed)
    {
        Network network = FittingData.Classifier();
        // 21 sequences in batches of 8: the last batch of every epoch is partial.
        new Trainer(network, FittingData.Quiet(3) with { Seed = shuffleSeed }).Fit(FittingData.Sequences(21, 1));
        return FittingData.AllParameters(network);
    }

    [Fact]
    public void Training_lowers_the_loss_and_reports_metrics_and_gradient_norms()
    {
        Network network = FittingData.Classifier();
        var trainer = new Trainer(network, FittingData.Quiet(15));
        SequenceDataset validation = FittingData.Sequences(32, 2);

        TrainingHistory history = trainer.Fit(FittingData.Sequences(64, 1), validation);

        Assert.Equal(15, history.Epochs.Count);
        Assert.True(history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss);
        Assert.All(history.Epochs, e => Assert.InRange(e.ValidationMetric!.Value, 0, 1));
        Assert.All(history.Epochs, e => Assert.True(e.GradientNorm > 0));
        Assert.Equal(Trainer.GradientNorm(network), trainer.LastGradientNorm);
        Evaluation evaluation = trainer.Evaluate(validation);
        Assert.Equal(history.Epochs[^1].ValidationLoss!.Value, evaluation.Loss, 12);
        Assert.Equal(32 * 2, trainer.Predict(validation).Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // dropout masks continue from the checkpointed generator state
    public void Resuming_from_a_checkpoint_gives_the_parameters_of_an_uninterrupted_run(bool dropout)
    {
        using var directory = new TemporaryDirectory();
        SequenceDataset train = FittingData.Sequences(21, 1), validation = FittingData.Sequences(8, 2);
        var schedule = new ReduceOnPlateauSchedule(factor: 0.5, patience: 0);
        TrainerOptions options = FittingData.Quiet(5) with { Schedule = schedule, EarlyStopping = new EarlyStopping(10) };

        Network uninterrupted = FittingData.Classifier(dropout: dropout);
        TrainingHistory expected = new Trainer(uninterrupted, options with { Schedule = new ReduceOnPlateauSchedule(factor: 0.5, patience: 0) }).Fit(train, validation);

        new Trainer(FittingData.Classifier(dropout: dropout), options with { Epochs = 2, CheckpointPath = directory.File("run.ckpt") }).Fit(train, validation);
        Network resumed = FittingData.Classifier(dropout: dropout);
        var trainer = new Trainer(resumed, options with { Schedule = new ReduceOnPlateauSchedule(factor: 0.5, patience: 0) });
        trainer.Resume(directory.File("run.ckpt"));
        Assert.Equal(2, trainer.CompletedEpochs);
        trainer.Fit(train, validation);

        Assert.Equal(FittingData.AllParameters(uninterrupted), FittingData.AllParameters(resumed));
        Assert.Equal(uninterrupted.Optimizer!.StepCount, resumed.Optimizer!.StepCount);
        Assert.Equal(uninterrupted.Optimizer.LearningRate, resumed.Optimizer.LearningRate);
        // Epochs 3 to 5 really ran after the resume, with the same losses, rates and best epoch as the uninterrupted run.
        Assert.Equal(expected.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss, e.LearningRate)), trainer.History.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss, e.LearningRate)));
        Assert.Equal(5, trainer.History.Epochs.Count);
    }

    [Fact]
    public void An_interrupted_checkpoint_write_leaves_the_previous_checkpoint_loadable()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("model.ckpt");
        SequenceDataset train = FittingData.Sequences(16, 1);
        Network network = FittingData.Classifier();
        var trainer = new Trainer(network, FittingData.Quiet(1) with { CheckpointPath = path });
        trainer.Fit(train);
        float[] saved = FittingData.AllParameters(network);
        byte[] complete = File.ReadAllBytes(path);

        // A crash in the middle of the next write leaves a partial temporary file beside the checkpoint.
        File.WriteAllBytes(directory.File($".model.ckpt.{Guid.NewGuid():N}.tmp"), complete.AsSpan(0, complete.Length / 2).ToArray());

        Network restored = FittingData.Classifier();
        var resumed = new Trainer(restored, FittingData.Quiet(1));
        resumed.Resume(path);
        Assert.Equal(saved, FittingData.AllParameters(restored));
        Assert.Equal(1, resumed.CompletedEpochs);
    }

    [Fact]
    public void A_class_out_of_range_is_named_by_its_index_in_the_dataset_before_training()
    {
        SequenceDataset train = FittingData.Sequences(16, 1);
        train.Targets.Classes![11] = 7;
        Network network = FittingData.Classifier();
        float[] before = FittingData.AllParameters(network);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(network, FittingData.Quiet(1)).Fit(train));
        Assert.Contains($"the target of sequence 11 is class 7, but the model has classes 0..{network.OutputSize - 1}", error.Message);
        Assert.Equal(before, FittingData.AllParameters(network));
    }

    [Fact]
    public void Resuming_under_another_schedule_is_rejected_naming_both()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("run.ckpt");
        new Trainer(FittingData.Classifier(), FittingData.Quiet(1) with { CheckpointPath = path, Schedule = new StepDecaySchedule(1) }).Fit(FittingData.Sequences(16, 1));

        var other = Assert.Throws<InvalidDataException>(() => new Trainer(FittingData.Classifier(), FittingData.Quiet(2) with { Schedule = new ReduceOnPlateauSchedule() }).Resume(path));
        Assert.Contains("written with schedule StepDecaySchedule, but this trainer has ReduceOnPlateauSchedule", other.Message);
        Assert.Contains(path, other.Message);
        var none = Assert.Throws<InvalidDataException>(() => new Trainer(FittingData.Classifier(), FittingData.Quiet(2)).Resume(path));
        Assert.Contains("written with schedule StepDecaySchedule, but this trainer has none", none.Message);
        new Trainer(FittingData.Classifier(), FittingData.Quiet(2) with { Schedule = new StepDecaySchedule(1) }).Resume(path);
    }

    [Fact]
    public void EpochCompleted_sees_every_epoch_and_Stop_ends_the_run_there()
    {
        var seen = new List<int>();
        TrainerOptions options = FittingData.Quiet(6) with
        {
            EpochCompleted = (trainer, record) =>
            {
                seen.Add(record.Epoch);
                if (record.Epoch == 2) trainer.Stop();
            },
        };
        var stopped = new Trainer(FittingData.Classifier(), options);
        stopped.Fit(FittingData.Sequences(16, 1));
        Assert.Equal(new[] { 1, 2 }, seen);
        Assert.Equal(2, stopped.CompletedEpochs);
        Assert.Equal(2, stopped.History.Epochs.Count);

        // Fit again continues where it stopped, as a run never stopped.
        stopped.Fit(FittingData.Sequences(16, 1));
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, seen);
        Network reference = FittingData.Classifier();
        new Trainer(reference, FittingData.Quiet(6)).Fit(FittingData.Sequences(16, 1));
        Assert.Equal(FittingData.AllParameters(reference), FittingData.AllParameters(stopped.Network));
    }

    [Fact]
    public void A_cancelled_Fit_throws_between_two_updates_keeping_the_completed_epochs()
    {
        using var cancellation = new CancellationTokenSource();
        TrainerOptions options = FittingData.Quiet(5) with { EpochCompleted = (_, record) => { if (record.Epoch == 1) cancellation.Cancel(); } };
        var trainer = new Trainer(FittingData.Classifier(), options);
        Assert.Throws<OperationCanceledException>(() => trainer.Fit(FittingData.Sequences(16, 1), cancellationToken: cancellation.Token));
        Assert.Equal(1, trainer.CompletedEpochs);
        Assert.Single(trainer.History.Epochs);
    }

    [Fact]
    public void A_checkpoint_given_to_LoadSafetensors_says_it_is_one()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("model.ckpt");
        new Trainer(FittingData.Classifier(), FittingData.Quiet(1) with { CheckpointPath = path }).Fit(FittingData.Sequences(16, 1));
        var error = Assert.Throws<InvalidDataException>(() => FittingData.Classifier().LoadSafetensors(path));
        Assert.Contains("This is a Trainer checkpoint (parameters under 'model.'): resume it with Trainer.Resume.", error.Message);
    }

    [Fact]
    public void A_truncated_checkpoint_is_rejected_and_changes_nothing()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("model.ckpt");
        new Trainer(FittingData.Classifier(), FittingData.Quiet(1) with { CheckpointPath = path }).Fit(FittingData.Sequences(16, 1));
        byte[] complete = File.ReadAllBytes(path);
        File.WriteAllBytes(path, complete.AsSpan(0, complete.Length - 100).ToArray());

        Network network = FittingData.Classifier(seed: 2);
        float[] before = FittingData.AllParameters(network);
        var trainer = new Trainer(network, FittingData.Quiet(1));

        Assert.Throws<InvalidDataException>(() => trainer.Resume(path));
        Assert.Equal(before, FittingData.AllParameters(network));
        Assert.Equal(0, trainer.CompletedEpochs);
    }

    /// <summary>Rewrites a checkpoint's JSON header in place, padded with spaces to its length, so only the matched value changes.</summary>
    private static void PatchHeader(string path, string pattern, string replacement)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = (int)BitConverter.ToInt64(bytes, 0);
        string header = System.Text.Encoding.UTF8.GetString(bytes, 8, headerLength);
        string patched = System.Text.RegularExpressions.Regex.Replace(header, pattern, replacement);
        Assert.NotEqual(header, patched);
        System.Text.Encoding.UTF8.GetBytes(patched.PadRight(headerLength)).CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
    }

    [Theory]
    [InlineData("\"epoch\":\"[^\"]*\"", "\"epoch\":\"1\"")]             // 2 epochs in the history
    [InlineData("\"best_epoch\":\"[^\"]*\"", "\"best_epoch\":\"9\"")]   // after the last epoch
    public void A_checkpoint_whose_epoch_counts_disagree_is_rejected_and_changes_nothing(string pattern, string replacement)
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("model.ckpt");
        new Trainer(FittingData.Classifier(), FittingData.Quiet(2) with { CheckpointPath = path }).Fit(FittingData.Sequences(16, 1));
        PatchHeader(path, pattern, replacement);

        Network network = FittingData.Classifier(seed: 2);
        float[] before = FittingData.AllParameters(network);
        var trainer = new Trainer(network, FittingData.Quiet(3));
        var error = Assert.Throws<InvalidDataException>(() => trainer.Resume(path));
        Assert.Contains("they must agree", error.Message);
        Assert.Equal(before, FittingData.AllParameters(network));
        Assert.Equal(0, trainer.CompletedEpochs);
    }

    [Fact]
    public void A_checkpoint_with_a_negative_learning_rate_is_rejected_and_changes_nothing()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("model.ckpt");
        new Trainer(FittingData.Classifier(), FittingData.Quiet(1) with { CheckpointPath = path }).Fit(FittingData.Sequences(16, 1));
        PatchHeader(path, "\"learning_rate\":\"[^\"]*\"", "\"learning_rate\":\"-1\"");

        Network network = FittingData.Classifier(seed: 2);
        float[] before = FittingData.AllParameters(network);
        float rate = network.Optimizer!.LearningRate;
        var trainer = new Trainer(network, FittingData.Quiet(1));
        var error = Assert.Throws<InvalidDataException>(() => trainer.Resume(path));
        Assert.Contains("learning_rate", error.Message);
        Assert.Equal(before, FittingData.AllParameters(network));
        Assert.Equal(rate, network.Optimizer.LearningRate);
        Assert.Equal(0, trainer.CompletedEpochs);
    }

    [Fact]
    public void Early_stopping_restores_the_weights_of_the_best_epoch()
    {
        // Random labels: the model memorizes the training set while the validation loss gets worse.
        SequenceDataset train = FittingData.Sequences(16, 1, randomLabels: true), validation = FittingData.Sequences(16, 2, randomLabels: true);
        TrainerOptions options = FittingData.Quiet(40) with { EarlyStopping = new EarlyStopping(patience: 3) };
        Network stopped = FittingData.Classifier();
        var trainer = new Trainer(stopped, options);
        trainer.Fit(train, validation);
        Assert.True(trainer.StoppedEarly);
        Assert.True(trainer.BestEpoch < trainer.CompletedEpochs);
        double bestLoss = trainer.History.Epochs.Min(e => e.ValidationLoss!.Value);
        Assert.Equal(bestLoss, trainer.History.Epochs[trainer.BestEpoch - 1].ValidationLoss);

        // A plain-text run says so, as Keras does.
        var output = new StringWriter();
        var told = new Trainer(FittingData.Classifier(), options with { Progress = ProgressMode.Plain, Output = output });
        told.Fit(train, validation);
        string text = output.ToString();
        Assert.Contains($"Early stopping after epoch {told.CompletedEpochs}: val_loss has not improved for 3 epochs.", text);
        Assert.Contains($"Restoring the weights of epoch {told.BestEpoch}, the best val_loss.", text);

        // The same run cut at the best epoch ends with exactly those weights.
        Network reference = FittingData.Classifier();
        new Trainer(reference, FittingData.Quiet(trainer.BestEpoch)).Fit(train, validation);
        Assert.Equal(FittingData.AllParameters(reference), FittingData.AllParameters(stopped));
    }

    [Fact]
    public void Resuming_a_finished_run_ends_with_the_best_epoch_s_weights()
    {
        // A crash right after the last checkpoint: Fit on the resumed trainer has no epoch left to run.
        using var directory = new TemporaryDirectory();
        string path = directory.File("run.ckpt");
        SequenceDataset train = FittingData.Sequences(16, 1, randomLabels: true), validation = FittingData.Sequences(16, 2, randomLabels: true);
        TrainerOptions options = FittingData.Quiet(40) with { EarlyStopping = new EarlyStopping(patience: 3) };
        Network finished = FittingData.Classifier();
        var original = new Trainer(finished, options with { CheckpointPath = path });
        original.Fit(train, validation);
        Assert.True(original.StoppedEarly && original.BestEpoch < original.CompletedEpochs);

        Network restored = FittingData.Classifier(seed: 2);
        var resumed = new Trainer(restored, options);
        resumed.Resume(path);
        resumed.Fit(train, validation);
        Assert.Equal(FittingData.AllParameters(finished), FittingData.AllParameters(restored));
    }

    [Fact]
    public void A_fresh_run_does_not_inherit_a_schedule_s_state_from_an_earlier_run()
    {
        SequenceDataset train = FittingData.Sequences(16, 1, randomLabels: true), validation = FittingData.Sequences(16, 2, randomLabels: true);
        TrainerOptions options = FittingData.Quiet(20) with { Schedule = new ReduceOnPlateauSchedule(factor: 0.5, patience: 0) };
        TrainingHistory first = new Trainer(FittingData.Classifier(), options).Fit(train, validation);
        Assert.True(first.Epochs[^1].LearningRate < first.Epochs[0].LearningRate); // the first run did reduce the rate
        TrainingHistory second = new Trainer(FittingData.Classifier(), options).Fit(train, validation);
        Assert.Equal(first.Epochs.Select(e => e.LearningRate), second.Epochs.Select(e => e.LearningRate));
    }

    [Fact]
    public void A_checkpoint_directory_that_does_not_exist_is_reported_before_training()
    {
        using var directory = new TemporaryDirectory();
        string path = Path.Combine(directory.File("missing"), "run.ckpt");
        Network network = FittingData.Classifier();
        float[] before = FittingData.AllParameters(network);
        var trainer = new Trainer(network, FittingData.Quiet(2) with { CheckpointPath = path });
        var error = Assert.Throws<DirectoryNotFoundException>(() => trainer.Fit(FittingData.Sequences(16, 1)));
        Assert.Contains(path, error.Message);
        Assert.Equal(before, FittingData.AllParameters(network));
        Assert.Equal(0, trainer.CompletedEpochs);
    }

    [Fact]
    public void Plain_progress_writes_one_line_per_epoch()
    {
        var output = new StringWriter();
        new Trainer(FittingData.Classifier(), new TrainerOptions { Epochs = 2, Output = output }).Fit(FittingData.Sequences(16, 1), FittingData.Sequences(8, 2));

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("epoch 1/2  loss ", lines[0]);
        Assert.Contains("val_accuracy", lines[1]);
    }

    [Fact]
    public void History_round_trips_through_csv()
    {
        var trainer = new Trainer(FittingData.Classifier(), FittingData.Quiet(2));
        TrainingHistory history = trainer.Fit(FittingData.Sequences(16, 1), FittingData.Sequences(8, 2));

        TrainingHistory parsed = TrainingHistory.FromCsv(history.ToCsv());

        Assert.Equal(history.Epochs, parsed.Epochs);
        Assert.StartsWith("epoch,train_loss,val_loss,val_accuracy,learning_rate,grad_norm,seconds\n", history.ToCsv());
    }

    [Fact]
    public void Variable_length_token_data_trains_on_padded_batches()
    {
        var network = new Network(new NetworkSpec(
            InputSize: 1, Steps: 6, VariableLength: true, BatchSize: 4, Seed: 3,
            Layers: [new EmbeddingSpec("embedding", 5, 4), new RecurrentSpec("gru", CellKind.Gru, 5, ReturnSequences: true), new DenseSpec("head", 5)],
            Loss: new LossSpec(LossKind.CrossEntropy), Optimizer: new OptimizerSpec(OptimizerKind.Adam, 5e-2f)));
        // Next-token prediction on sequences of different lengths.
        int[][] sequences = [[1, 2, 3, 4, 1, 2], [2, 3], [3, 4, 1], [4, 1, 2, 3, 4], [1, 2, 3]];
        SequenceTargets targets = PaddedSequences.ClassesPerStep(sequences.Select(s => s.Select(t => t % 4 + 1).ToArray()).ToArray(), 6);
        SequenceDataset data = PaddedSequences.FromTokens(sequences, 6, targets);
        var trainer = new Trainer(network, FittingData.Quiet(60));

        trainer.Fit(data);

        Assert.True(trainer.Evaluate(data).Metric > 0.9);
    }

    [Fact]
    public void A_dataset_of_the_wrong_shape_is_rejected_with_both_sides_named()
    {
        var trainer = new Trainer(FittingData.Classifier(), FittingData.Quiet(1));
        SequenceDataset wrong = TimeSeriesWindows.Create(new float[20], 1, window: 5);

        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(wrong));
        Assert.Contains("3 features per step but the data has 1", error.Message);
    }

    [Theory]
    [InlineData(3.08e-5, "3.08e-5")]
    [InlineData(1e-3, "0.001")]
    [InlineData(0.000999, "9.99e-4")]
    [InlineData(0.0123456, "0.0123")]
    [InlineData(2.5, "2.5")]
    [InlineData(0.0, "0")]
    [InlineData(12345.0, "1.23e+4")]
    public void Epoch_lines_write_learning_rates_and_norms_short(double value, string text)
    {
        Assert.Equal(text, TrainingProgress.Short(value));
    }

    [Fact]
    public void Bad_values_anywhere_in_the_data_are_refused_before_the_first_update()
    {
        // A NaN in the last sequence would otherwise stop the run at its minibatch with earlier updates applied.
        SequenceDataset clean = FittingData.Sequences(16, 1);
        float[] inputs = (float[])clean.Inputs!.Clone();
        inputs[15 * 15 + 7] = float.NaN; // sequence 15, step 2, feature 1
        var dirty = SequenceDataset.FromFloats(inputs, steps: 5, features: 3, clean.Targets);
        Network network = FittingData.Classifier();
        float[] before = FittingData.AllParameters(network);
        var error = Assert.Throws<ArgumentException>(() => new Trainer(network, FittingData.Quiet(1)).Fit(dirty));
        Assert.Contains("sequence 15, step 2, feature 1 is NaN", error.Message);
        Assert.Equal(before, FittingData.AllParameters(network));

        // Lengths for a model of fixed-length sequences (Steps) are refused too: it would train on cut sequences.
        var withLengths = SequenceDataset.FromFloats(clean.Inputs!, steps: 5, features: 3, clean.Targets, Enumerable.Repeat(3, 16).ToArray());
        var lengths = Assert.Throws<ArgumentException>(() => new Trainer(network, FittingData.Quiet(1)).Fit(withLengths));
        Assert.Contains("the data has lengths, but the model takes sequences of exactly 5 steps", lengths.Message);
        Assert.Equal(before, FittingData.AllParameters(network));
    }
}
