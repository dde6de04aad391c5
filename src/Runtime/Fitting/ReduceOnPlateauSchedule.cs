using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace ModelCompiler.Runtime.Fitting;

/// <summary>
/// <c>ReduceLROnPlateau</c> (relative threshold mode): when the monitored quantity has not improved by a relative
/// <see cref="Threshold"/> for more than <see cref="Patience"/> epochs, the rate is multiplied by
/// <see cref="Factor"/> (not below <see cref="MinLearningRate"/>), then <see cref="Cooldown"/> epochs pass before
/// counting again.
/// </summary>
public sealed class ReduceOnPlateauSchedule : LearningRateSchedule
{
    private double _scale = 1;
    private double _best = double.NaN;
    private int _badEpochs;
    private int _cooldownLeft;

    /// <param name="factor">Multiplier of each reduction, between 0 and 1.</param>
    /// <param name="patience">Epochs without improvement tolerated before a reduction.</param>
    /// <param name="threshold">Relative improvement that counts (PyTorch's <c>threshold</c>, mode <c>rel</c>).</param>
    /// <param name="cooldown">Epochs after a reduction before counting again.</param>
    /// <param name="minLearningRate">Lower bound of the rate (PyTorch's <c>min_lr</c>).</param>
    public ReduceOnPlateauSchedule(double factor = 0.1, int patience = 10, double threshold = 1e-4, int cooldown = 0, float minLearningRate = 0f)
    {
        if (!(factor > 0 && factor < 1)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be between 0 and 1.");
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        if (!(threshold >= 0)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be zero or positive.");
        if (!(minLearningRate >= 0) || float.IsInfinity(minLearningRate))
            throw new ArgumentOutOfRangeException(nameof(minLearningRate), minLearningRate, "The minimum rate must be finite and zero or positive.");
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        Cooldown = cooldown;
        MinLearningRate = minLearningRate;
    }

    /// <summary>Multiplier of each reduction.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement tolerated before a reduction.</summary>
    public int Patience { get; }

    /// <summary>Relative improvement that counts.</summary>
    public double Threshold { get; }

    /// <summary>Epochs after a reduction before counting again.</summary>
    public int Cooldown { get; }

    /// <summary>Lower bound of the rate.</summary>
    public float MinLearningRate { get; }

    /// <summary>Product of the reductions so far (1 before the first).</summary>
    public double Scale => _scale;

    /// <inheritdoc/>
    public override float LearningRateFor(int epoch, float baseLearningRate) =>
        (float)Math.Max(baseLearningRate * _scale, MinLearningRate);

    /// <inheritdoc/>
    public override void Observe(double monitored, bool higherIsBetter)
    {
        bool improved = double.IsNaN(_best)
            || (higherIsBetter ? monitored > _best * (1 + Threshold) : monitored < _best * (1 - Threshold));
        if (improved)
        {
            _best = monitored;
            _badEpochs = 0;
        }
        else
        {
            _badEpochs++;
        }
        if (_cooldownLeft > 0)
        {
            _cooldownLeft--;
            _badEpochs = 0; // PyTorch ignores bad epochs during cooldown
        }
        if (_badEpochs > Patience)
        {
            _scale *= Factor;
            _cooldownLeft = Cooldown;
            _badEpochs = 0;
        }
    }

    /// <inheritdoc/>
    public override void Reset() => (_scale, _best, _badEpochs, _cooldownLeft) = (1, double.NaN, 0, 0);

    /// <inheritdoc/>
    public override void WriteState(IDictionary<string, string> state)
    {
        state["scale"] = _scale.ToString("R", CultureInfo.InvariantCulture);
        state["best"] = _best.ToString("R", CultureInfo.InvariantCulture);
        state["bad_epochs"] = _badEpochs.ToString(CultureInfo.InvariantCulture);
        state["cooldown_left"] = _cooldownLeft.ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public override void ReadState(IReadOnlyDictionary<string, string> state)
    {
        double scale = ReadDouble(state, "scale"), best = ReadDouble(state, "best");
        int bad = ReadInt(state, "bad_epochs"), cooldown = ReadInt(state, "cooldown_left");
        (_scale, _best, _badEpochs, _cooldownLeft) = (scale, best, bad, cooldown);
    }

    private static double ReadDouble(IReadOnlyDictionary<string, string> state, string key) =>
        state.TryGetValue(key, out string? text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new InvalidDataException($"Reduce-on-plateau state '{key}' is missing or not a number.");

    private static int ReadInt(IReadOnlyDictionary<string, string> state, string key) =>
        state.TryGetValue(key, out string? text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= 0
            ? value
            : throw new InvalidDataException($"Reduce-on-plateau state '{key}' is missing or not a non-negative integer.");
}
