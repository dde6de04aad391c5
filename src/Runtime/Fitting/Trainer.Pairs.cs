using System;
using System.Threading;
using ModelCompiler.Runtime.Data;

namespace ModelCompiler.Runtime.Fitting;

// Training an encoder-decoder pair: the same loop, minibatches of sources and decoder sequences drawn together, each
// update the pair's TrainStep (one optimizer and one clipping over both models), validation by the pair's Forward.
public sealed partial class Trainer
{
    private readonly EncoderDecoder? _pair;
    private ParameterSnapshot? _bestEncoderWeights;

    /// <summary>
    /// A trainer for an encoder-decoder pair, whose decoder declares the loss, the optimizer and the clipping of both
    /// (see <see cref="EncoderDecoder.TrainStep"/>); <see cref="Network"/> is the decoder, whose outputs the metric reads.
    /// Train it with <see cref="Fit(SequencePairs, SequencePairs?, CancellationToken)"/>.
    /// </summary>
    public Trainer(EncoderDecoder pair, TrainerOptions? options = null)
        : this(RequireTrainable(pair, options).Decoder, options)
    {
        _pair = pair;
        if (Options.Stateful) throw new ArgumentException("Stateful training is for one model; a pair's decoder starts from the encoder's states.", nameof(options));
        int encoderBatch = pair.Encoder.Spec.BatchSize;
        if (Options.BatchSize > encoderBatch)
            throw new ArgumentOutOfRangeException(nameof(options), Options.BatchSize, $"BatchSize must be 0 (the models') or 1..{encoderBatch} (the encoder's BatchSize is {encoderBatch}).");
        if (Options.EarlyStopping is { RestoreBestWeights: true }) _bestEncoderWeights = new ParameterSnapshot(pair.Encoder.Parameters);
    }

    /// <summary>The encoder-decoder pair being trained, or null for a trainer of one model.</summary>
    public EncoderDecoder? Pair => _pair;

    /// <summary>
    /// <see cref="Fit(SequenceDataset, SequenceDataset?, CancellationToken)"/> for the pair: each minibatch holds the
    /// same pairs' sources and decoder sequences; the validation loss and metric are the decoder's with teacher forcing
    /// (<see cref="EncoderDecoder.Forward"/>); early stopping restores both models' best weights; checkpoints hold both.
    /// </summary>
    public TrainingHistory Fit(SequencePairs train, SequencePairs? validation = null, CancellationToken cancellationToken = default)
    {
        TrainingData trainData = RequirePairs(train, nameof(train));
        TrainingData? validationData = validation is null ? null : RequirePairs(validation, nameof(validation));
        return FitChecked(trainData, validationData, cancellationToken);
    }

    /// <summary>The pair's loss and metric on <paramref name="data"/> (teacher forcing, no dropout); nothing changes.</summary>
    public Evaluation Evaluate(SequencePairs data) => EvaluateChecked(RequirePairs(data, nameof(data)));

    /// <summary>The decoder's outputs for every pair of <paramref name="data"/> with teacher forcing, as <see cref="EncoderDecoder.Forward"/> writes them.</summary>
    public float[] Predict(SequencePairs data) => PredictChecked(RequirePairs(data, nameof(data)));

    /// <summary>Sequences a minibatch holds when <see cref="TrainerOptions.BatchSize"/> is 0: the model's, or the smaller of a pair's.</summary>
    private int BatchCapacity => _pair is null ? Network.Spec.BatchSize : Math.Min(Network.Spec.BatchSize, _pair.Encoder.Spec.BatchSize);

    private void CaptureBestWeights()
    {
        _bestWeights?.Capture();
        _bestEncoderWeights?.Capture();
    }

    private void RestoreBestWeights()
    {
        _bestWeights!.Restore();
        if (_bestEncoderWeights is { HasValues: true }) _bestEncoderWeights.Restore();
    }

    /// <summary>The checks of the pair that the single-model constructor would word for one model.</summary>
    private static EncoderDecoder RequireTrainable(EncoderDecoder pair, TrainerOptions? options)
    {
        ArgumentNullException.ThrowIfNull(pair);
        if (pair.Decoder.Optimizer is null)
            throw new ArgumentException("The pair's decoder has no optimizer attribute ([Sgd], [Adam], [AdamW] or [RmsProp]): it declares the optimizer of the pair.", nameof(pair));
        int decoderBatch = pair.Decoder.Spec.BatchSize;
        if (options is { BatchSize: var size } && size > decoderBatch)
            throw new ArgumentOutOfRangeException(nameof(options), size, $"BatchSize must be 0 (the models') or 1..{decoderBatch} (the decoder's BatchSize is {decoderBatch}).");
        return pair;
    }

    private void RequireSingleModel()
    {
        if (_pair is not null)
            throw new InvalidOperationException("This trainer trains an encoder-decoder pair: pass its data as SequencePairs (sources with the decoder's sequences).");
    }

    /// <summary>Both sides of <paramref name="data"/> checked against the pair's models, before anything runs.</summary>
    private TrainingData RequirePairs(SequencePairs data, string name)
    {
        if (_pair is not { } pair)
            throw new InvalidOperationException("This trainer trains one model: pass a SequenceDataset (SequencePairs are for a trainer of an EncoderDecoder).");
        ArgumentNullException.ThrowIfNull(data, name);
        RequireShape(data.Decoder, name + ".Decoder");
        RequireInputs(pair.Encoder, data.Sources, name + " sources");
        return new TrainingData(data.Decoder, data.Sources);
    }
}
