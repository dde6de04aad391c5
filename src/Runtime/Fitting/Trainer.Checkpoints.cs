using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using ModelCompiler.Runtime.IO;

namespace ModelCompiler.Runtime.Fitting;

// Checkpoints: one safetensors file holding parameters ("model."), optimizer moments ("optimizer."), best weights
// ("best.") and, as metadata, everything else a resumed run needs to continue bit-identically.
public sealed partial class Trainer
{
    private const string Format = "modelcompiler.checkpoint.v1";
    private const string ModelPrefix = "model.";
    private const string BestPrefix = "best.";
    private const string FirstMoment = "optimizer.first_moment";
    private const string SecondMoment = "optimizer.second_moment";
    private const string SchedulePrefix = "schedule.";
    private const string ScheduleKind = "schedule_kind";

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
        var writer = new SafetensorsWriter(metadata);
        Network.Parameters.WriteTensors(writer, ModelPrefix);
        Training.Optimizer moments = Network.OptimizerState!;
        writer.Add(FirstMoment, [moments.FirstMoment.Length], moments.FirstMoment.Span);
        writer.Add(SecondMoment, [moments.SecondMoment.Length], moments.SecondMoment.Span);
        if (_bestWeights is { HasValues: true }) _bestWeights.Write(writer, BestPrefix);
        writer.Save(path);
    }

    /// <summary>
    /// Restores the state saved by <see cref="SaveCheckpoint"/> into this trainer and its network, so the next
    /// <see cref="Fit"/> continues where that run stopped and gives the same parameters as a run never interrupted.
    /// The file is checked completely first: a malformed or mismatched checkpoint throws
    /// <see cref="InvalidDataException"/> and changes nothing.
    /// </summary>
    public void Resume(string path)
    {
        SafetensorsFile file = SafetensorsReader.Read(path);
        if (!file.Metadata.TryGetValue("format", out string? format) || format != Format)
            throw new InvalidDataException($"{file.Source}: not a ModelCompiler checkpoint (metadata 'format' is '{format}', expected '{Format}').");
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
        Training.Optimizer moments = Network.OptimizerState!;
        SafetensorsTensor first = RequireMoment(file, FirstMoment, moments.FirstMoment.Length);
        SafetensorsTensor second = RequireMoment(file, SecondMoment, moments.SecondMoment.Length);
        ParameterSnapshot? bestWeights = null;
        if (_bestWeights is not null && file.TryGetTensor(BestPrefix + Network.Parameters.Names[0], out _))
        {
            bestWeights = new ParameterSnapshot(Network.Parameters);
            bestWeights.Read(file, BestPrefix);
        }
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

        // Strict and all-or-nothing; everything after it cannot fail.
        Network.Parameters.ReadTensors(file, ModelPrefix);
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
