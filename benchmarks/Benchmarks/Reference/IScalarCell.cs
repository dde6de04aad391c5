using System;

namespace ModelCompiler.Benchmarks.Reference;

/// <summary>A plain-loop recurrent cell, batch of one: what the streaming benchmarks compare against.</summary>
public interface IScalarCell
{
    /// <summary>The hidden state after the last step.</summary>
    float[] Hidden { get; }

    /// <summary>Zeroes the state.</summary>
    void Reset();

    /// <summary>Consumes one input step.</summary>
    void Step(ReadOnlySpan<float> x);
}
