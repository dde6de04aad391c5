using System;

namespace ModelCompiler.Runtime.Fitting;

/// <summary>
/// Stops training when the monitored quantity has not improved by more than <see cref="MinDelta"/> for
/// <see cref="Patience"/> epochs in a row (Keras' <c>EarlyStopping</c>).
/// </summary>
public sealed record EarlyStopping
{
    /// <param name="patience">Epochs without improvement before stopping (at least 1).</param>
    /// <param name="minDelta">Smallest change that counts as an improvement.</param>
    /// <param name="restoreBestWeights">At the end of training, put back the parameters of the best epoch.</param>
    public EarlyStopping(int patience, double minDelta = 0, bool restoreBestWeights = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patience, 1);
        if (!(minDelta >= 0)) throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "minDelta must be zero or positive.");
        Patience = patience;
        MinDelta = minDelta;
        RestoreBestWeights = restoreBestWeights;
    }

    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; }

    /// <summary>Smallest change that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Whether the best epoch's parameters are restored when training ends.</summary>
    public bool RestoreBestWeights { get; }
}
