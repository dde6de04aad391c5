using System;

namespace ModelCompiler.Runtime.Fitting;

/// <summary>
/// <c>CosineAnnealingLR</c> in closed form: <c>lr = min + (base − min)·(1 + cos(π·epoch / T))/2</c>, from the base
/// rate at epoch 0 down to <see cref="MinLearningRate"/> at epoch <see cref="Epochs"/> (T), where it then stays.
/// </summary>
public sealed class CosineSchedule : LearningRateSchedule
{
    /// <param name="epochs">Epochs from the base rate to the minimum (PyTorch's <c>T_max</c>, at least 1).</param>
    /// <param name="minLearningRate">The final rate (PyTorch's <c>eta_min</c>).</param>
    public CosineSchedule(int epochs, float minLearningRate = 0f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        if (!(minLearningRate >= 0)) throw new ArgumentOutOfRangeException(nameof(minLearningRate), minLearningRate, "The minimum rate must be zero or positive.");
        Epochs = epochs;
        MinLearningRate = minLearningRate;
    }

    /// <summary>Epochs from the base rate to the minimum (PyTorch's <c>T_max</c>).</summary>
    public int Epochs { get; }

    /// <summary>The final rate (PyTorch's <c>eta_min</c>).</summary>
    public float MinLearningRate { get; }

    /// <inheritdoc/>
    public override float LearningRateFor(int epoch, float baseLearningRate)
    {
        double progress = Math.Min(epoch, Epochs) / (double)Epochs;
        return (float)(MinLearningRate + (baseLearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * progress)) / 2);
    }
}
