using System;

namespace ModelCompiler.Runtime.Data;

/// <summary>
/// Reusable buffers for one minibatch of up to <see cref="Capacity"/> sequences of a dataset, in the layout
/// <c>Network.TrainStep</c>/<c>Forward</c> take. <see cref="Fill"/> copies rows and allocates nothing, so a training
/// loop can refill the same batch every step.
/// </summary>
public sealed class MiniBatch
{
    private readonly float[]? _inputs;
    private readonly int[]? _tokens;
    private readonly int[]? _lengths;
    private readonly int[]? _classes;
    private readonly float[]? _values;
    private readonly int _inputWidth;
    private readonly int _targetWidth;

    /// <summary>Buffers shaped like <paramref name="shape"/>'s sequences (any dataset of the same shape can fill it).</summary>
    public MiniBatch(SequenceDataset shape, int capacity)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        Steps = shape.Steps;
        Features = shape.Features;
        _inputWidth = shape.Steps * shape.Features;
        _targetWidth = shape.Targets.PerSequence;
        if (shape.IsTokens) _tokens = new int[capacity * _inputWidth];
        else _inputs = new float[capacity * _inputWidth];
        if (shape.Lengths is not null) _lengths = new int[capacity];
        if (shape.Targets.IsClasses) _classes = new int[capacity * _targetWidth];
        else _values = new float[capacity * _targetWidth];
    }

    /// <summary>Largest number of sequences.</summary>
    public int Capacity { get; }

    /// <summary>Sequences in the current batch.</summary>
    public int Count { get; private set; }

    /// <summary>Steps per sequence (padded length).</summary>
    public int Steps { get; }

    /// <summary>Floats per step; 1 for tokens.</summary>
    public int Features { get; }

    /// <summary>Float inputs <c>[Count, Steps, Features]</c>.</summary>
    public ReadOnlySpan<float> Inputs => _inputs.AsSpan(0, _inputs is null ? 0 : Count * _inputWidth);

    /// <summary>Token inputs <c>[Count, Steps]</c>.</summary>
    public ReadOnlySpan<int> Tokens => _tokens.AsSpan(0, _tokens is null ? 0 : Count * _inputWidth);

    /// <summary>Real steps per sequence <c>[Count]</c>; empty for fixed-length data (the network then uses all steps).</summary>
    public ReadOnlySpan<int> Lengths => _lengths.AsSpan(0, _lengths is null ? 0 : Count);

    /// <summary>Class targets <c>[Count, PerSequence]</c>.</summary>
    public ReadOnlySpan<int> Classes => _classes.AsSpan(0, _classes is null ? 0 : Count * _targetWidth);

    /// <summary>Float targets <c>[Count, PerSequence]</c>.</summary>
    public ReadOnlySpan<float> Values => _values.AsSpan(0, _values is null ? 0 : Count * _targetWidth);

    /// <summary>Copies the sequences <paramref name="indices"/> of <paramref name="data"/> into the batch.</summary>
    public void Fill(SequenceDataset data, ReadOnlySpan<int> indices)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (indices.Length < 1 || indices.Length > Capacity)
            throw new ArgumentException($"A batch holds 1 to {Capacity} sequences, but {indices.Length} were given.", nameof(indices));
        if (data.IsTokens != _tokens is not null || data.Steps != Steps || data.Features != Features
            || data.Targets.IsClasses != _classes is not null || data.Targets.PerSequence != _targetWidth || (data.Lengths is null) != (_lengths is null))
            throw new ArgumentException("The dataset's shape differs from the one this batch was built for.", nameof(data));
        for (int i = 0; i < indices.Length; i++)
        {
            int row = indices[i];
            if (_inputs is not null) data.Inputs.AsSpan(row * _inputWidth, _inputWidth).CopyTo(_inputs.AsSpan(i * _inputWidth));
            else data.Tokens.AsSpan(row * _inputWidth, _inputWidth).CopyTo(_tokens.AsSpan(i * _inputWidth));
            if (_lengths is not null) _lengths[i] = data.Lengths![row];
            if (_classes is not null) data.Targets.Classes.AsSpan(row * _targetWidth, _targetWidth).CopyTo(_classes.AsSpan(i * _targetWidth));
            else data.Targets.Values.AsSpan(row * _targetWidth, _targetWidth).CopyTo(_values.AsSpan(i * _targetWidth));
        }
        Count = indices.Length;
    }
}
