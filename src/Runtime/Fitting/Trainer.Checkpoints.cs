using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using ModelCompiler.Runtime.IO;

namespace ModelCompiler.Runtime.Fitting;

// Checkpoints: one safetensors file holding parameters ("model."; a pair's as "model.encoder." and "model.decoder."),
// optimizer moments ("optimizer."), best weights ("best.") and, as metadata, everything else a resumed run needs to
// continue bit-identically.
public sealed partial class Trainer
{
    private const string Format = "modelcompiler.checkpoint.v1";
    private const string ModelPrefix = "model.";
    private const string BestPrefix = "best.";
    private const string FirstMoment = "optimizer.first_moment";
    private const string SecondMoment = "optimizer.second_moment";
    private const string SchedulePrefix = "schedule.";
    private const string ScheduleKind = "schedule_kind";
    private const string EncoderPrefix = "encoder.", DecoderPrefix = "decoder.";
    private const string EncoderFirstMoment = "optimizer.encoder.first_moment";
    private const string EncoderSecondMoment = "optimizer.encoder.second_moment";
    private const string KindKey = "kind", SingleKind = "model", PairKind = "encoder_decoder";

    /// <summary>What the checkpoint holds: one model, or an encoder-decoder pair (both models, both optimizers' moments).</summary>
    private string Kind => _pair is null ? SingleKind : PairKind;

    /// <summary>Where the trained network's (a pair's decoder's) tensors are: under "model.", or "model.decoder.".</summary>
    private string NetworkPrefix => _pair is null ? ModelPrefix : ModelPrefix + DecoderPrefix;

    /// <summary>Where the trained network's best weights are.</summary>
    private string NetworkBestPrefix => _pair is null ? BestPrefix : BestPrefix + DecoderPrefix;

    /// <summary>The schedule's type as checkpoints record it ("none" without one), so a resume under another is caught.</summary>
    private static string ScheduleName(LearningRateSchedule? schedule) => schedule?.GetType().Name ?? "none";

    /// <summary>
    /// Writes the training state — parameters, optimizer moments and step count, learning rate, completed epochs,
    /// shuffling generator, early-stopping state, best weights, schedule state and history — to one safetensors file,
    /// atomically (a temporary file renamed over <paramref name="path"/>): an interrupted write leaves the previous
    /// checkpoint intact. The parameters load in PyTorch too (<c>model.</c> prefix).
    /// </summary>
    public void SaveCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = Format,
            [KindKey] = Kind,
            ["epoch"] = Text(CompletedEpochs),
            ["stopped_early"] = StoppedEarly ? "true" : "false",
            ["best"] = _best.ToString("R", CultureInfo.InvariantCulture),
            ["best_epoch"] = Text(BestEpoch),
            ["epochs_without_improvement"] = Text(_epochsWithoutImprovement),
            ["step_count"] = Network.Optimizer!.StepCount.ToString(CultureInfo.InvariantCulture),
            ["learning_rate"] = Network.Optimizer.LearningRate.ToString("R", CultureInfo.InvariantCulture),
            ["base_learning_rate"] = _baseLearningRate.ToString("R", CultureInfo.InvariantCulture),
            ["rng_state"] = _random.State.ToString(CultureInfo.InvariantCulture),
            ["dropout_rng_state"] = Network.DropoutRandom.State.ToString(CultureInfo.InvariantCulture),
            ["history"] = History.ToCsv(),
            [ScheduleKind] = ScheduleName(Options.Schedule),
        };
        if (Options.Schedule is { } schedule)
        {
            var state = new Dictionary<string, string>(StringComparer.Ordinal);
            schedule.WriteState(state);
            foreach (KeyValuePair<string, string> item in state) metadata[SchedulePrefix + item.Key] = item.Value;
        }
        if (_pair is { } pair) metadata["encoder_dropout_rng_state"] = pair.Encoder.DropoutRandom.State.ToString(CultureInfo.InvariantCulture);
        var writer = new SafetensorsWriter(metadata);
        Network.Parameters.WriteTensors(writer, NetworkPrefix);
        Training.Optimizer moments = Network.OptimizerState!;
        writer.Add(FirstMoment, [moments.FirstMoment.Length], moments.FirstMoment.Span);
        writer.Add(SecondMoment, [moments.SecondMoment.Length], moments.SecondMoment.Span);
        if (_bestWeights is { HasValues: true }) _bestWeights.Write(writer, NetworkBestPrefix);
        if (_pair is { } trained)
        {
            trained.Encoder.Parameters.WriteTensors(writer, ModelPrefix + EncoderPrefix);
            Training.Optimizer encoderMoments = trained.EncoderOptimizer!;
            writer.Add(EncoderFirstMoment, [encoderMoments.FirstMoment.Length], encoderMoments.FirstMoment.Span);
            writer.Add(EncoderSecondMoment, [encoderMoments.SecondMoment.Length], encoderMoments.SecondMoment.Span);
            if (_bestEncoderWeights is { HasValues: true }) _bestEncoderWeights.Write(writer, BestPrefix + EncoderPrefix);
        }
        writer.Save(path);
    }

    /// <summary>
    /// Restores the state saved by <see cref="SaveCheckpoint"/> into this trainer and its network, so the next
    /// <c>Fit</c> continues where that run stopped and gives the same parameters as a run never interrupted.
    /// The file is checked completely first: a malformed or mismatched checkpoint throws
    /// <see cref="InvalidDataException"/> and changes nothing.
    /// </summary>
    public void Resume(string path)
    {
        SafetensorsFile file = SafetensorsReader.Read(path);
        if (!file.Metadata.TryGetValue("format", out string? format) || format != Format)
            throw new InvalidDataException($"{file.Source}: not a ModelCompiler checkpoint (metadata 'format' is '{format}', expected '{Format}').");
        // Checkpoints from before pairs were trained carry no kind: they hold one model.
        string kind = file.Metadata.TryGetValue(KindKey, out string? k) ? k : SingleKind;
        if (kind != Kind)
            throw new InvalidDataException($"{file.Source}: the checkpoint holds {Describe(kind)}, but this trainer trains {Describe(Kind)}.");
        int epoch = ReadInt(file, "epoch");
        bool stopped = ReadText(file, "stopped_early") switch
        {
            "true" => true,
            "false" => false,
            var other => throw new InvalidDataException($"{file.Source}: metadata 'stopped_early' is '{other}', expected true or false."),
        };
        double best = ReadDouble(file, "best");
        int bestEpoch = ReadInt(file, "best_epoch");
        int withoutImprovement = ReadInt(file, "epochs_without_improvement");
        long steps = long.TryParse(ReadText(file, "step_count"), NumberStyles.None, CultureInfo.InvariantCulture, out long s) ? s
            : throw new InvalidDataException($"{file.Source}: metadata 'step_count' is not a non-negative integer.");
        float learningRate = (float)ReadDouble(file, "learning_rate");
        float baseLearningRate = (float)ReadDouble(file, "base_learning_rate");
        if (!OptimizerSettings.IsValidLearningRate(learningRate) || !OptimizerSettings.IsValidLearningRate(baseLearningRate))
            throw new InvalidDataException($"{file.Source}: metadata 'learning_rate' ({learningRate}) and 'base_learning_rate' ({baseLearningRate}) must be finite and >= 0.");
        ulong rng = ulong.TryParse(ReadText(file, "rng_state"), NumberStyles.None, CultureInfo.InvariantCulture, out ulong r) ? r
            : throw new InvalidDataException($"{file.Source}: metadata 'rng_state' is not an unsigned integer.");
        ulong dropoutRng = ulong.TryParse(ReadText(file, "dropout_rng_state"), NumberStyles.None, CultureInfo.InvariantCulture, out ulong d) ? d
            : throw new InvalidDataException($"{file.Source}: metadata 'dropout_rng_state' is not an unsigned integer.");
        TrainingHistory history = TrainingHistory.FromCsv(ReadText(file, "history"));
        if (history.Metric != _metric)
            throw new InvalidDataException($"{file.Source}: the checkpoint reports {history.Metric}, this trainer {_metric}.");
        if (history.Epochs.Count != epoch || bestEpoch > epoch || withoutImprovement > epoch)
            throw new InvalidDataException($"{file.Source}: metadata 'epoch' is {epoch}, but the history has {history.Epochs.Count} epochs, 'best_epoch' is {bestEpoch} and 'epochs_without_improvement' {withoutImprovement}: they must agree (at most 'epoch', the history exactly).");
        // Every parameter of the model (both models of a pair) first, all problems listed at once; then the rest.
        var problems = new List<string>();
        SafetensorsTensor[] parameters = Network.Parameters.Match(file, NetworkPrefix, problems);
        SafetensorsTensor[]? encoderParameters = _pair?.Encoder.Parameters.Match(file, ModelPrefix + EncoderPrefix, problems);
        if (problems.Count > 0) ParameterSet.ThrowLoadProblems(file, problems, "");
        Training.Optimizer moments = Network.OptimizerState!;
        SafetensorsTensor first = RequireMoment(file, FirstMoment, moments.FirstMoment.Length);
        SafetensorsTensor second = RequireMoment(file, SecondMoment, moments.SecondMoment.Length);
        ParameterSnapshot? bestWeights = ReadBestWeights(file, _bestWeights, Network.Parameters, NetworkBestPrefix);
        PairCheckpoint? pairState = _pair is { } pair ? ReadPairState(file, pair, encoderParameters!) : null;
        // A pair's best weights are both models' or neither's: one without the other would restore half an epoch.
        if (_pair is not null && _bestWeights is not null && (bestWeights is null) != (pairState!.BestWeights is null))
            throw new InvalidDataException($"{file.Source}: the checkpoint holds the best weights of the {(bestWeights is null ? "encoder" : "decoder")} but not of the {(bestWeights is null ? "decoder" : "encoder")}.");
        // Checkpoints from before the kind was recorded carry no kind: their schedule state is checked below as before.
        if (file.Metadata.TryGetValue(ScheduleKind, out string? written) && written != ScheduleName(Options.Schedule))
            throw new InvalidDataException($"{file.Source}: the checkpoint was written with schedule {written}, but this trainer has {ScheduleName(Options.Schedule)}: resume with the schedule the run was started with.");
        if (Options.Schedule is { } schedule)
        {
            var state = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, string> item in file.Metadata)
                if (item.Key.StartsWith(SchedulePrefix, StringComparison.Ordinal)) state[item.Key[SchedulePrefix.Length..]] = item.Value;
            try
            {
                schedule.ReadState(state);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{file.Source}: {e.Message}", e);
            }
        }

        // Everything was checked above; nothing after this point can fail.
        Network.Parameters.CopyMatched(parameters);
        pairState?.Apply(_pair!);
        if (pairState?.BestWeights is { } encoderBest) _bestEncoderWeights = encoderBest;
        first.CopyTo(moments.FirstMoment.Span);
        second.CopyTo(moments.SecondMoment.Span);
        Network.Optimizer!.StepCount = steps;
        Network.Optimizer.LearningRate = learningRate;
        _baseLearningRate = baseLearningRate;
        _random.State = rng;
        Network.DropoutRandom.State = dropoutRng;
        (CompletedEpochs, StoppedEarly, _best, BestEpoch, _epochsWithoutImprovement) = (epoch, stopped, best, bestEpoch, withoutImprovement);
        History = history;
        if (bestWeights is not null) _bestWeights = bestWeights;
    }

    /// <summary>"one model" or "an encoder-decoder pair", for the message of a checkpoint of the other kind.</summary>
    private static string Describe(string kind) => kind == PairKind ? "an encoder-decoder pair" : kind == SingleKind ? "one model" : $"'{kind}'";

    /// <summary>The best weights under <paramref name="prefix"/>, when this trainer keeps them and the file has them.</summary>
    private static ParameterSnapshot? ReadBestWeights(SafetensorsFile file, ParameterSnapshot? kept, ParameterSet parameters, string prefix)
    {
        if (kept is null || !file.TryGetTensor(prefix + parameters.Names[0], out _)) return null;
        var best = new ParameterSnapshot(parameters);
        best.Read(file, prefix);
        return best;
    }

    /// <summary>A pair's encoder state read from a checkpoint, checked, applied only once the whole file is.</summary>
    private sealed record PairCheckpoint(SafetensorsTensor[] Parameters, SafetensorsTensor FirstMoment, SafetensorsTensor SecondMoment, ulong DropoutState, ParameterSnapshot? BestWeights)
    {
        public void Apply(EncoderDecoder pair)
        {
            pair.Encoder.Parameters.CopyMatched(Parameters);
            FirstMoment.CopyTo(pair.EncoderOptimizer!.FirstMoment.Span);
            SecondMoment.CopyTo(pair.EncoderOptimizer.SecondMoment.Span);
            pair.Encoder.DropoutRandom.State = DropoutState;
        }
    }

    /// <summary>The encoder's state besides its <paramref name="parameters"/> (matched already): moments, dropout generator and best weights.</summary>
    private PairCheckpoint ReadPairState(SafetensorsFile file, EncoderDecoder pair, SafetensorsTensor[] parameters)
    {
        Training.Optimizer moments = pair.EncoderOptimizer!;
        SafetensorsTensor first = RequireMoment(file, EncoderFirstMoment, moments.FirstMoment.Length);
        SafetensorsTensor second = RequireMoment(file, EncoderSecondMoment, moments.SecondMoment.Length);
        ulong dropout = ulong.TryParse(ReadText(file, "encoder_dropout_rng_state"), NumberStyles.None, CultureInfo.InvariantCulture, out ulong d) ? d
            : throw new InvalidDataException($"{file.Source}: metadata 'encoder_dropout_rng_state' is not an unsigned integer.");
        ParameterSnapshot? best = ReadBestWeights(file, _bestEncoderWeights, pair.Encoder.Parameters, BestPrefix + EncoderPrefix);
        return new PairCheckpoint(parameters, first, second, dropout, best);
    }

    private static SafetensorsTensor RequireMoment(SafetensorsFile file, string name, int length)
    {
        SafetensorsTensor tensor = file.GetTensor(name);
        if (tensor.Dtype != SafetensorsDtype.F32 || !tensor.HasShape([length]))
            throw new InvalidDataException($"{file.Source}: tensor '{name}' is {tensor.Dtype} {ParameterSet.FormatShape(tensor.Shape)}, expected F32 [{length}] (a checkpoint of another model?).");
        return tensor;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string ReadText(SafetensorsFile file, string key) => file.GetMetadata(key);

    private static int ReadInt(SafetensorsFile file, string key) =>
        int.TryParse(file.GetMetadata(key), NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value
            : throw new InvalidDataException($"{file.Source}: metadata '{key}' is not a non-negative integer.");

    private static double ReadDouble(SafetensorsFile file, string key) =>
        double.TryParse(file.GetMetadata(key), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value
            : throw new InvalidDataException($"{file.Source}: metadata '{key}' is not a number.");
}
