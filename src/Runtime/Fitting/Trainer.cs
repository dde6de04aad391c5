using System;
using System.Threading;
using System.Diagnostics;
using System.IO;
using ModelCompiler.Runtime.Data;
using ModelCompiler.Runtime.Training;

namespace ModelCompiler.Runtime.Fitting;

/// <summary>
/// The training loop of a <see cref="Network"/> or an <see cref="EncoderDecoder"/> (Keras' <c>fit</c>): epochs over seeded shuffled minibatches,
/// validation loss and metric after each epoch, early stopping with best-weights restore, a learning-rate schedule,
/// gradient-norm reporting, progress display, and atomic, resumable checkpoints. Minibatch buffers are allocated
/// once per <c>Fit</c>; the per-batch work allocates nothing.
/// </summary>
public sealed partial class Trainer
{
    private readonly DeterministicRandom _random;
    private readonly Metric _metric;
    private float _baseLearningRate;
    private double _best = double.NaN;
    private ParameterSnapshot? _bestWeights;
    private readonly float[]? _states; // Stateful: each stream's recurrent states between minibatches
    private int _epochsWithoutImprovement;

    /// <summary>A trainer for <paramref name="network"/>, which needs a loss and an optimizer; <paramref name="options"/> default to <see cref="TrainerOptions"/>'s.</summary>
    public Trainer(Network network, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        Options = options ?? new TrainerOptions();
        if (network.Spec.Loss is null || network.Optimizer is null)
            throw new ArgumentException("Only a model with a [Loss] and an optimizer attribute can be trained.", nameof(network));
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Epochs, 1, nameof(Options.Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.CheckpointEvery, 1, nameof(Options.CheckpointEvery));
        if (Options.BatchSize < 0 || Options.BatchSize > network.Spec.BatchSize)
            throw new ArgumentOutOfRangeException(nameof(options), Options.BatchSize, $"BatchSize must be 0 (the model's) or 1..{network.Spec.BatchSize} (the model's BatchSize).");
        Network = network;
        bool classes = network.Spec.Loss.Kind is LossKind.CrossEntropy or LossKind.BinaryCrossEntropy;
        _metric = Options.Metric ?? (classes ? Metric.Accuracy : Metric.Rmse);
        if (_metric is Metric.Rmse or Metric.Mae && network.Spec.Loss.Kind == LossKind.CrossEntropy)
            throw new ArgumentException($"{_metric} needs float targets; CrossEntropy models use Accuracy or Loss.", nameof(options));
        if (_metric == Metric.Accuracy && !classes)
            throw new ArgumentException($"Accuracy needs a classification loss, but the model uses {network.Spec.Loss.Kind}.", nameof(options));
        _random = new DeterministicRandom(Options.Seed);
        _baseLearningRate = network.Optimizer.LearningRate;
        History = new TrainingHistory(_metric);
        if (Options.EarlyStopping is { RestoreBestWeights: true }) _bestWeights = new ParameterSnapshot(network.Parameters);
        if (Options.Stateful)
        {
            if (network.StateSize == 0) throw new ArgumentException("Stateful training carries recurrent states between minibatches, but the model has no recurrent layer.", nameof(options));
            _states = new float[network.Spec.BatchSize * network.StateSize];
        }
    }

    /// <summary>Trains a generated model (or anything else that exposes its <see cref="Runtime.Network"/>).</summary>
    public Trainer(INetworkModel model, TrainerOptions? options = null)
        : this((model ?? throw new ArgumentNullException(nameof(model))).Network, options)
    {
    }

    /// <summary>The network being trained.</summary>
    public Network Network { get; }

    /// <summary>Epochs, batch size, schedule, early stopping, checkpoints and progress of this trainer.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Every completed epoch, including those before a <see cref="Resume"/>.</summary>
    public TrainingHistory History { get; private set; }

    /// <summary>Epochs completed so far.</summary>
    public int CompletedEpochs { get; private set; }

    /// <summary>Whether early stopping ended training.</summary>
    public bool StoppedEarly { get; private set; }

    /// <summary>1-based epoch with the best monitored value so far; 0 before the first epoch.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Global L2 norm of the gradients of the last training batch (a pair's: both models'), before clipping (<see cref="Network.LastGradientNorm"/>).</summary>
    public double LastGradientNorm => _pair?.LastGradientNorm ?? Network.LastGradientNorm;

    /// <summary>The global L2 norm of <c>network.Gradients</c> (like the value <c>clip_grad_norm_</c> returns), summed in double.</summary>
    public static double GradientNorm(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return GradientClipping.GlobalNorm(network.Gradients.AsSpan());
    }

    /// <summary>
    /// Trains until <see cref="TrainerOptions.Epochs"/> epochs are complete (continuing after <see cref="Resume"/>) or
    /// early stopping ends it, then restores the best weights when asked to. Returns <see cref="History"/>.
    /// </summary>
    /// <param name="train">Training sequences, shaped like the model's input and targets.</param>
    /// <param name="validation">Held-out sequences for the loss, metric, early stopping and plateau schedule; optional.</param>
    /// <param name="cancellationToken">Checked before each minibatch: a cancelled run throws <see cref="OperationCanceledException"/>
    /// between two updates, with the epochs completed so far in <see cref="History"/> (and the last checkpoint to resume).</param>
    public TrainingHistory Fit(SequenceDataset train, SequenceDataset? validation = null, CancellationToken cancellationToken = default)
    {
        RequireSingleModel();
        RequireShape(train, nameof(train));
        if (validation is not null) RequireShape(validation, nameof(validation));
        return FitChecked(new TrainingData(train, null), validation is null ? null : new TrainingData(validation, null), cancellationToken);
    }

    /// <summary><c>Fit</c> on data already checked against the model (or the pair).</summary>
    private TrainingHistory FitChecked(TrainingData train, TrainingData? validation, CancellationToken cancellationToken)
    {
        if (Options.Monitor == MonitoredQuantity.Metric && validation is null)
            throw new ArgumentException("Monitoring the metric needs validation data.", nameof(validation));
        _stopRequested = false;
        if (CompletedEpochs < Options.Epochs && !StoppedEarly) Train(train, validation, cancellationToken);
        // Also when a finished run was resumed from its last checkpoint: the same weights as the run never interrupted.
        if (_bestWeights is { HasValues: true }) RestoreBestWeights();
        return History;
    }

    private void Train(TrainingData train, TrainingData? validation, CancellationToken cancellationToken)
    {
        RequireCheckpointDirectory();
        // A fresh run does not inherit a schedule's state from an earlier run with the same options (Resume restores it).
        if (CompletedEpochs == 0) Options.Schedule?.Reset();
        int batchSize = TrainingBatchSize;
        var batch = new TrainingBatch(train, batchSize);
        int[] order = new int[train.Count];
        int batches = (train.Count + batchSize - 1) / batchSize;
        TrainingProgress progress = TrainingProgress.Create(Options, CompletedEpochs, batches, History.MetricName);
        progress.Run(() =>
        {
            while (CompletedEpochs < Options.Epochs && !StoppedEarly && !_stopRequested)
                RunEpoch(train, validation, batch, order, progress, cancellationToken);
            if (StoppedEarly)
                progress.Note($"Early stopping after epoch {CompletedEpochs}: {MonitoredName(validation)} has not improved for {Options.EarlyStopping!.Patience} epochs.");
            if (_bestWeights is { HasValues: true } && BestEpoch != CompletedEpochs)
                progress.Note($"Restoring the weights of epoch {BestEpoch}, the best {MonitoredName(validation)}.");
        });
    }

    /// <summary>The name of the quantity early stopping and the best epoch follow, as the epoch lines write it.</summary>
    private string MonitoredName(TrainingData? validation) =>
        Options.Monitor == MonitoredQuantity.Metric ? "val_" + History.MetricName : validation is null ? "loss" : "val_loss";

    /// <summary>Checks before the first epoch that checkpoints can be written where <see cref="TrainerOptions.CheckpointPath"/> says.</summary>
    private void RequireCheckpointDirectory()
    {
        if (Options.CheckpointPath is not { } path) return;
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
            throw new DirectoryNotFoundException($"CheckpointPath '{path}' is in '{directory}', which does not exist; create it before Fit.");
    }

    /// <summary>Loss and metric on <paramref name="data"/>, in inference mode (no dropout); parameters and gradients are untouched.</summary>
    public Evaluation Evaluate(SequenceDataset data)
    {
        RequireSingleModel();
        RequireShape(data, nameof(data));
        return EvaluateChecked(new TrainingData(data, null));
    }

    /// <summary><c>Evaluate</c> on data already checked (Fit checks the validation set once, not every epoch).</summary>
    private Evaluation EvaluateChecked(TrainingData data)
    {
        var accumulator = new EvaluationAccumulator(Network, _metric);
        var batch = new TrainingBatch(data, ForwardBatchSize);
        float[] outputs = new float[batch.Capacity * OutputsPerSequence];
        ForEachForward(data, batch, outputs, (output, filled) => accumulator.Add(output, filled));
        return accumulator.Result();
    }

    /// <summary>The network's outputs for every sequence of <paramref name="data"/>, <c>[Count, OutputSize]</c> or <c>[Count, Steps, OutputSize]</c>.</summary>
    public float[] Predict(SequenceDataset data)
    {
        RequireSingleModel();
        RequireShape(data, nameof(data));
        return PredictChecked(new TrainingData(data, null));
    }

    /// <summary><c>Predict</c> on data already checked.</summary>
    private float[] PredictChecked(TrainingData data)
    {
        var batch = new TrainingBatch(data, ForwardBatchSize);
        int perSequence = OutputsPerSequence;
        float[] outputs = new float[batch.Capacity * perSequence];
        float[] all = new float[data.Count * perSequence];
        int written = 0;
        ForEachForward(data, batch, outputs, (output, filled) =>
        {
            output.CopyTo(all.AsSpan(written));
            written += output.Length;
        });
        return all;
    }

    private void RunEpoch(TrainingData train, TrainingData? validation, TrainingBatch batch, int[] order, TrainingProgress progress, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        int epoch = CompletedEpochs;
        float learningRate = Options.Schedule?.LearningRateFor(epoch, _baseLearningRate) ?? Network.Optimizer!.LearningRate;
        Network.Optimizer!.LearningRate = learningRate;
        progress.EpochStarted(epoch + 1);

        for (int i = 0; i < order.Length; i++) order[i] = i;
        // A fresh order from the generator each epoch: the generator's state alone decides it, so resuming reproduces it.
        // Stateful streams keep their order, and start from zero states.
        if (Options.Shuffle && !Options.Stateful) DatasetSplit.Shuffle(order, _random);
        if (_states is not null) Array.Clear(_states);

        double lossSum = 0, normSum = 0;
        int batches = 0;
        for (int first = 0; first < order.Length; first += batch.Capacity)
        {
            cancellationToken.ThrowIfCancellationRequested();
            batch.Fill(train, order.AsSpan(first, Math.Min(batch.Capacity, order.Length - first)));
            float loss = TrainStep(batch);
            lossSum += (double)loss * batch.Count;
            normSum += LastGradientNorm;
            batches++;
            progress.BatchCompleted(batch.Count, loss);
        }

        Evaluation? evaluation = validation is null ? null : EvaluateChecked(validation);
        var record = new EpochRecord(epoch + 1, lossSum / order.Length, evaluation?.Loss, evaluation?.Metric,
            learningRate, normSum / batches, Stopwatch.GetElapsedTime(start).TotalSeconds);
        History.Add(record);
        EndEpoch(record);
        progress.EpochCompleted(record);
        if (Options.CheckpointPath is { } path && (CompletedEpochs % Options.CheckpointEvery == 0 || CompletedEpochs == Options.Epochs || StoppedEarly))
            SaveCheckpoint(path);
        Options.EpochCompleted?.Invoke(this, record);
    }

    private volatile bool _stopRequested;

    /// <summary>
    /// Ends the current <c>Fit</c> after the epoch in progress (call it from <see cref="TrainerOptions.EpochCompleted"/>
    /// or another thread); the best weights are restored as after early stopping. A later <c>Fit</c> continues.
    /// </summary>
    public void Stop() => _stopRequested = true;

    /// <summary>Tracks the best epoch, early stopping and the schedule after an epoch.</summary>
    private void EndEpoch(EpochRecord record)
    {
        CompletedEpochs = record.Epoch;
        bool higherIsBetter = Options.Monitor == MonitoredQuantity.Metric && _metric == Metric.Accuracy;
        double monitored = Options.Monitor == MonitoredQuantity.Metric
            ? record.ValidationMetric!.Value
            : record.ValidationLoss ?? record.TrainLoss;
        double minDelta = Options.EarlyStopping?.MinDelta ?? 0;
        bool improved = double.IsNaN(_best) || (higherIsBetter ? monitored > _best + minDelta : monitored < _best - minDelta);
        if (improved)
        {
            _best = monitored;
            BestEpoch = record.Epoch;
            _epochsWithoutImprovement = 0;
            CaptureBestWeights();
        }
        else
        {
            _epochsWithoutImprovement++;
        }
        if (Options.EarlyStopping is { } stopping && _epochsWithoutImprovement >= stopping.Patience) StoppedEarly = true;
        Options.Schedule?.Observe(monitored, higherIsBetter);
    }

    /// <summary>One update on the filled minibatch: the network's <c>TrainStep</c>, or the pair's.</summary>
    private float TrainStep(TrainingBatch batch)
    {
        MiniBatch main = batch.Main;
        bool classes = Network.Spec.Loss!.Kind == LossKind.CrossEntropy;
        if (_pair is { } pair)
        {
            MiniBatch sources = batch.Sources!;
            return pair.TrainStep(Inputs(sources), Inputs(main), classes ? main.Classes : main.Values, sources.Lengths, main.Lengths);
        }
        if (_states is not null)
        {
            Span<float> states = _states.AsSpan(0, main.Count * Network.StateSize);
            return Network.TrainWithStates(Inputs(main), Network.TokenInput ? "tokens" : "inputs", classes ? main.Classes : main.Values, main.Lengths, states, states, update: true);
        }
        if (Network.TokenInput)
            return classes ? Network.TrainStep(main.Tokens, main.Classes, main.Lengths) : Network.TrainStep(main.Tokens, main.Values, main.Lengths);
        return classes ? Network.TrainStep(main.Inputs, main.Classes, main.Lengths) : Network.TrainStep(main.Inputs, main.Values, main.Lengths);
    }

    /// <summary>Sequences per training minibatch: <see cref="TrainerOptions.BatchSize"/>, or the model's (the pair's smaller).</summary>
    private int TrainingBatchSize => Options.BatchSize == 0 ? BatchCapacity : Options.BatchSize;

    /// <summary>
    /// Sequences per inference minibatch of validation, <c>Evaluate</c> and <c>Predict</c>: as many as fit, or with
    /// <see cref="TrainerOptions.Stateful"/> the training minibatch's, so that row i continues the same stream.
    /// </summary>
    private int ForwardBatchSize => Options.Stateful ? TrainingBatchSize : BatchCapacity;

    /// <summary>A minibatch's tokens or float features, whichever it holds.</summary>
    private static BatchInputs Inputs(MiniBatch batch) => batch.Tokens.IsEmpty ? batch.Inputs : batch.Tokens;

    private delegate void OutputHandler(ReadOnlySpan<float> outputs, MiniBatch batch);

    /// <summary>Runs Forward (the pair's: teacher forcing) over <paramref name="data"/> in order, batch by batch.</summary>
    private void ForEachForward(TrainingData data, TrainingBatch batch, float[] outputs, OutputHandler handle)
    {
        int[] indices = new int[batch.Capacity];
        // Stateful: each sequence continues the one at its row in the batch before, from zero states (its own buffer:
        // validation between epochs leaves the training streams alone).
        float[]? states = Options.Stateful ? new float[batch.Capacity * Network.StateSize] : null;
        for (int first = 0; first < data.Count; first += batch.Capacity)
        {
            int count = Math.Min(batch.Capacity, data.Count - first);
            for (int i = 0; i < count; i++) indices[i] = first + i;
            batch.Fill(data, indices.AsSpan(0, count));
            Span<float> output = outputs.AsSpan(0, count * OutputsPerSequence);
            MiniBatch main = batch.Main;
            if (_pair is { } pair)
            {
                MiniBatch sources = batch.Sources!;
                pair.Forward(Inputs(sources), Inputs(main), output, sources.Lengths, main.Lengths);
            }
            else if (states is not null)
            {
                Span<float> carried = states.AsSpan(0, count * Network.StateSize);
                if (Network.TokenInput) Network.Forward(main.Tokens, output, carried, carried, main.Lengths);
                else Network.Forward(main.Inputs, output, carried, carried, main.Lengths);
            }
            else if (Network.TokenInput)
            {
                Network.Forward(main.Tokens, output, main.Lengths);
            }
            else
            {
                Network.Forward(main.Inputs, output, main.Lengths);
            }
            handle(output, main);
        }
    }

    private int OutputsPerSequence => (Network.SequenceOutput ? Network.Spec.Steps : 1) * Network.OutputSize;

    /// <summary>The model's sequences (a pair's decoder sequences) with their targets, checked against <see cref="Network"/>.</summary>
    private void RequireShape(SequenceDataset data, string name)
    {
        RequireInputs(Network, data, name);
        bool classes = Network.Spec.Loss!.Kind == LossKind.CrossEntropy;
        int targets = (Network.SequenceOutput ? Network.Spec.Steps : 1) * (classes ? 1 : Network.OutputSize);
        string? problem =
            data.Targets.IsClasses != classes ? (classes ? "CrossEntropy needs class targets but the data has float targets" : $"{Network.Spec.Loss.Kind} needs float targets but the data has class targets")
            : data.Targets.PerSequence != targets ? $"the model needs {targets} target values per sequence but the data has {data.Targets.PerSequence}"
            : null;
        if (problem is not null) throw new ArgumentException($"{name} does not fit the model: {problem}.", name);
        if (classes) RequireClasses(data, name);
        RequireTargetValues(data, name);
    }

    /// <summary>
    /// The inputs of <paramref name="data"/> against what <paramref name="network"/> reads: shape, lengths, and every real
    /// step's value (finite, or a token of the vocabulary) with the sequence's index in <paramref name="data"/>, before
    /// training: a bad value found at its minibatch would stop a run with some of its updates already applied.
    /// </summary>
    private static void RequireInputs(Network network, SequenceDataset data, string name)
    {
        ArgumentNullException.ThrowIfNull(data, name);
        string? problem =
            data.Count == 0 ? "it is empty"
            : data.IsTokens != network.TokenInput ? (network.TokenInput ? "the model reads tokens but the data holds floats" : "the model reads floats but the data holds tokens")
            : data.Steps != network.Spec.Steps ? $"the model takes {network.Spec.Steps} steps but the data has {data.Steps}"
            : data.Features != network.InputSize ? $"the model takes {network.InputSize} features per step but the data has {data.Features}"
            : data.Lengths is not null && !network.Spec.VariableLength ? $"the data has lengths, but the model takes sequences of exactly {network.Spec.Steps} steps (declare MaxSteps for variable lengths)"
            : null;
        if (problem is not null) throw new ArgumentException($"{name} does not fit the model: {problem}.", name);
        int steps = data.Steps, features = data.Features, vocabulary = network.Vocabulary;
        for (int i = 0; i < data.Count; i++)
        {
            int real = data.LengthOf(i);
            for (int t = 0; t < real; t++)
            {
                if (data.Tokens is { } tokens && (uint)tokens[i * steps + t] >= (uint)vocabulary)
                    throw new ArgumentOutOfRangeException(name, $"{name} does not fit the model: sequence {i}, step {t} is token {tokens[i * steps + t]}, but the model reads tokens 0..{vocabulary - 1}.");
                if (data.Inputs is { } inputs)
                    for (int f = 0; f < features; f++)
                        if (!float.IsFinite(inputs[(i * steps + t) * features + f]))
                            throw new ArgumentException($"{name} does not fit the model: sequence {i}, step {t}, feature {f} is {inputs[(i * steps + t) * features + f]}, but inputs must be finite.", name);
            }
        }
    }

    /// <summary>Every real step's float target finite (checked before training, like the inputs).</summary>
    private void RequireTargetValues(SequenceDataset data, string name)
    {
        if (data.Targets.Values is not { } values) return;
        int perSequence = data.Targets.PerSequence, width = Network.SequenceOutput ? Network.OutputSize : perSequence;
        for (int i = 0; i < data.Count; i++)
        {
            int targetSteps = Network.SequenceOutput ? data.LengthOf(i) : 1;
            for (int k = 0; k < targetSteps * width; k++)
                if (!float.IsFinite(values[i * perSequence + k]))
                    throw new ArgumentException($"{name} does not fit the model: target value {k} of sequence {i} is {values[i * perSequence + k]}, but targets must be finite.", name);
        }
    }

    /// <summary>
    /// Every real step's class in range, checked here with the sequence's index in <paramref name="data"/> (a minibatch
    /// would name its position in the shuffled batch, and only when that batch comes).
    /// </summary>
    private void RequireClasses(SequenceDataset data, string name)
    {
        int[] classes = data.Targets.Classes!;
        int perSequence = data.Targets.PerSequence;
        for (int i = 0; i < data.Count; i++)
        {
            int real = Network.SequenceOutput ? data.LengthOf(i) : 1;
            for (int t = 0; t < real; t++)
            {
                int target = classes[i * perSequence + t];
                if ((uint)target >= (uint)Network.OutputSize)
                {
                    string where = Network.SequenceOutput ? $"sequence {i}, step {t}" : $"sequence {i}";
                    throw new ArgumentOutOfRangeException(name, $"{name} does not fit the model: the target of {where} is class {target}, but the model has classes 0..{Network.OutputSize - 1}.");
                }
            }
        }
    }
}
