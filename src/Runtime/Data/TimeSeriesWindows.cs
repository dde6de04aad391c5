using System;

namespace ModelCompiler.Runtime.Data;

/// <summary>
/// Cuts a time series <c>[rows, features]</c> into overlapping windows for forecasting: each window of
/// <c>window</c> consecutive rows is one input sequence, and its target is the following value(s) of one feature.
/// </summary>
public static class TimeSeriesWindows
{
    /// <summary>
    /// Windows starting every <paramref name="stride"/> rows. Window <c>i</c> covers rows <c>s … s+window−1</c>
    /// (<c>s = i·stride</c>); its targets are <paramref name="targetFeature"/> at rows <c>s+window … s+window+horizon−1</c>
    /// (<see cref="WindowTargets.NextValues"/>) or only at row <c>s+window+horizon−1</c> (<see cref="WindowTargets.ValueAtHorizon"/>).
    /// </summary>
    public static SequenceDataset Create(
        ReadOnlySpan<float> series, int features, int window, int horizon = 1, int stride = 1,
        int targetFeature = 0, WindowTargets targets = WindowTargets.NextValues)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        if ((uint)targetFeature >= (uint)features)
            throw new ArgumentOutOfRangeException(nameof(targetFeature), targetFeature, $"The target feature must be in 0..{features - 1}.");
        if (series.Length % features != 0)
            throw new ArgumentException($"The series holds {series.Length} values, not whole rows of {features} features.", nameof(series));
        int rows = series.Length / features;
        if (rows < window + horizon)
            throw new ArgumentException($"The series has {rows} rows; a window of {window} plus a horizon of {horizon} needs at least {window + horizon}.", nameof(series));

        int count = (rows - window - horizon) / stride + 1;
        int width = targets == WindowTargets.NextValues ? horizon : 1;
        int firstTarget = targets == WindowTargets.NextValues ? 0 : horizon - 1;
        float[] inputs = new float[count * window * features];
        float[] values = new float[count * width];
        for (int i = 0; i < count; i++)
        {
            int start = i * stride;
            series.Slice(start * features, window * features).CopyTo(inputs.AsSpan(i * window * features));
            for (int k = 0; k < width; k++)
                values[i * width + k] = series[(start + window + firstTarget + k) * features + targetFeature];
        }
        return SequenceDataset.FromFloats(inputs, window, features, SequenceTargets.FromValues(values, width));
    }
}
