using System;
using System.IO;

namespace ModelCompiler.Runtime.Fitting;

/// <summary>Settings of a <see cref="Trainer"/>; every property has a usable default.</summary>
public sealed record TrainerOptions
{
    /// <summary>Total epochs; <c>Trainer.Fit</c> trains until this many are complete (counting resumed ones).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Sequences per minibatch; 0 means the model's <c>BatchSize</c>. The last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; init; }

    /// <summary>Seed of the shuffling order: the same seed (and model seed) gives bit-identical training.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>Whether the training sequences are visited in a new random order every epoch (not with <see cref="Stateful"/>).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>
    /// Keras' stateful recurrent training (truncated backpropagation through time): sequence i of each minibatch
    /// continues sequence i of the minibatch before it, so each recurrent layer starts from the final state the last
    /// update left (<c>TrainStep(inputs, targets, states, states)</c>) and gradients stop at the minibatch's start.
    /// Minibatches then come in dataset order (no shuffling); states start at zero each epoch, and validation,
    /// <c>Evaluate</c> and <c>Predict</c> carry states the same way from zero, in minibatches of the training batch size
    /// (<see cref="BatchSize"/>, or the model's). A bidirectional layer's reverse direction starts from the state it
    /// ended the previous window with too, as PyTorch's <c>rnn(x, h0)</c> does; it reads each window backwards, so
    /// carrying it is rarely what a stream wants: stateful models are usually unidirectional. Arrange the data so that sequence
    /// <c>k · BatchSize + i</c> continues sequence <c>(k − 1) · BatchSize + i</c>.
    /// </summary>
    public bool Stateful { get; init; }

    /// <summary>The validation metric; null picks accuracy for CrossEntropy and BinaryCrossEntropy, RMSE otherwise.</summary>
    public Metric? Metric { get; init; }

    /// <summary>What early stopping, best weights and reduce-on-plateau watch.</summary>
    public MonitoredQuantity Monitor { get; init; } = MonitoredQuantity.Loss;

    /// <summary>Early stopping; null trains every epoch.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>Learning-rate schedule applied at the start of each epoch; null keeps the optimizer's rate.</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>Where checkpoints are written (atomically, replacing the previous one); null writes none.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Epochs between checkpoints; the last epoch is always checkpointed.</summary>
    public int CheckpointEvery { get; init; } = 1;

    /// <summary>How progress is shown.</summary>
    public ProgressMode Progress { get; init; } = ProgressMode.Auto;

    /// <summary>Where plain progress lines go; null means the console. Setting it selects plain lines in <see cref="ProgressMode.Auto"/>.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>
    /// Called after each epoch (and its checkpoint) with its record, on the training thread: logging, custom metrics,
    /// or <see cref="Trainer.Stop"/> to end the run there (Keras' <c>on_epoch_end</c> and <c>stop_training</c>).
    /// </summary>
    public Action<Trainer, EpochRecord>? EpochCompleted { get; init; }
}
