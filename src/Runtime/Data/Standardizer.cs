using System;

namespace ModelCompiler.Runtime.Data;

/// <summary>
/// Per-feature standardization, <c>(x − mean) / std</c>, like scikit-learn's <c>StandardScaler</c> (population
/// standard deviation; a constant feature gets std 1). Fit it on the training split only and apply the same
/// statistics to validation and test data, so nothing about them leaks into training.
/// </summary>
public sealed class Standardizer
{
    private readonly float[] _mean;
    private readonly float[] _std;

    /// <summary>Known statistics (e.g. saved with a model).</summary>
    public Standardizer(float[] mean, float[] standardDeviation)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(standardDeviation);
        if (mean.Length == 0 || mean.Length != standardDeviation.Length)
            throw new ArgumentException($"mean ({mean.Length}) and standardDeviation ({standardDeviation.Length}) need the same, non-zero length.");
        foreach (float s in standardDeviation)
            if (!(s > 0) || !float.IsFinite(s)) throw new ArgumentException($"Standard deviations must be positive and finite, but one is {s}.", nameof(standardDeviation));
        _mean = (float[])mean.Clone();
        _std = (float[])standardDeviation.Clone();
    }

    /// <summary>Features per row.</summary>
    public int Features => _mean.Length;

    /// <summary>Per-feature means.</summary>
    public ReadOnlySpan<float> Mean => _mean;

    /// <summary>Per-feature standard deviations.</summary>
    public ReadOnlySpan<float> StandardDeviation => _std;

    /// <summary>Statistics of rows <c>[rows, features]</c> (e.g. the training part of a time series).</summary>
    public static Standardizer Fit(ReadOnlySpan<float> rows, int features)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        if (rows.Length == 0 || rows.Length % features != 0)
            throw new ArgumentException($"rows must hold a non-zero whole number of rows of {features} features, but it holds {rows.Length} values.", nameof(rows));
        var sums = new Moments(features);
        for (int r = 0; r < rows.Length; r += features) sums.Add(rows.Slice(r, features));
        return sums.ToStandardizer();
    }

    /// <summary>Statistics of a float dataset's inputs, over real (unpadded) steps only.</summary>
    public static Standardizer Fit(SequenceDataset data)
    {
        float[] inputs = RequireFloats(data);
        var sums = new Moments(data.Features);
        for (int i = 0; i < data.Count; i++)
            for (int t = 0; t < data.LengthOf(i); t++) sums.Add(inputs.AsSpan((i * data.Steps + t) * data.Features, data.Features));
        return sums.ToStandardizer();
    }

    /// <summary>Standardizes rows <c>[rows, Features]</c> in place.</summary>
    public void Transform(Span<float> rows)
    {
        RequireRows(rows.Length);
        for (int i = 0; i < rows.Length; i++) rows[i] = (rows[i] - _mean[i % _mean.Length]) / _std[i % _std.Length];
    }

    /// <summary>Undoes <see cref="Transform(Span{float})"/> in place.</summary>
    public void InverseTransform(Span<float> rows)
    {
        RequireRows(rows.Length);
        for (int i = 0; i < rows.Length; i++) rows[i] = rows[i] * _std[i % _std.Length] + _mean[i % _mean.Length];
    }

    /// <summary>One value of feature <paramref name="feature"/>, standardized.</summary>
    public float Transform(float value, int feature) => (value - _mean[feature]) / _std[feature];

    /// <summary>One standardized value of feature <paramref name="feature"/>, back in original units (e.g. a forecast).</summary>
    public float InverseTransform(float value, int feature) => value * _std[feature] + _mean[feature];

    /// <summary>Standardizes a float dataset's inputs in place (padding stays zero).</summary>
    public void Transform(SequenceDataset data)
    {
        float[] inputs = RequireFloats(data);
        if (data.Features != Features) throw new ArgumentException($"The dataset has {data.Features} features, this standardizer {Features}.", nameof(data));
        for (int i = 0; i < data.Count; i++)
            Transform(inputs.AsSpan(i * data.Steps * data.Features, data.LengthOf(i) * data.Features));
    }

    private void RequireRows(int length)
    {
        if (length % Features != 0)
            throw new ArgumentException($"Expected whole rows of {Features} features, but got {length} values.");
    }

    private static float[] RequireFloats(SequenceDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Inputs ?? throw new ArgumentException("Token datasets have nothing to standardize.", nameof(data));
    }

    /// <summary>Per-feature count, mean and sum of squared deviations, updated one row at a time (Welford: stable in float data).</summary>
    private sealed class Moments(int features)
    {
        private readonly double[] _mean = new double[features];
        private readonly double[] _squares = new double[features];
        private long _count;

        public void Add(ReadOnlySpan<float> row)
        {
            _count++;
            for (int f = 0; f < row.Length; f++)
            {
                double delta = row[f] - _mean[f];
                _mean[f] += delta / _count;
                _squares[f] += delta * (row[f] - _mean[f]);
            }
        }

        public Standardizer ToStandardizer()
        {
            if (_count == 0) throw new ArgumentException("There are no rows to fit.");
            float[] mean = new float[_mean.Length], std = new float[_mean.Length];
            for (int f = 0; f < mean.Length; f++)
            {
                mean[f] = (float)_mean[f];
                float deviation = (float)Math.Sqrt(_squares[f] / _count);
                std[f] = deviation > 0 && float.IsFinite(deviation) ? deviation : 1f;
            }
            return new Standardizer(mean, std);
        }
    }
}
