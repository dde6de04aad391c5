using System;

namespace ModelCompiler.Runtime.Fitting;

/// <summary><c>StepLR</c>: the rate is multiplied by <see cref="Gamma"/> every <see cref="StepSize"/> epochs: <c>lr = base · γ^⌊epoch / step⌋</c>.</summary>
public sealed class StepDecaySchedule : LearningRateSchedule
{
    /// <param name="stepSize">Epochs between decays (PyTorch's <c>step_size</c>, at least 1).</param>
    /// <param name="gamma">Multiplier applied at each decay (positive).</param>
    public StepDecaySchedule(int stepSize, double gamma = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        if (!(gamma > 0)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be positive.");
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>Epochs between decays.</summary>
    public int StepSize { get; }

    /// <summary>Multiplier applied at each decay.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public override float LearningRateFor(int epoch, float baseLearningRate) =>
        (float)(baseLearningRate * Math.Pow(Gamma, epoch / StepSize));
}
