using System;

namespace ModelCompiler.Runtime;

/// <summary>
/// A minibatch of input sequences for a call that takes several models' inputs (<see cref="EncoderDecoder"/>): float
/// features <c>[batch, steps, InputSize]</c> or tokens <c>[batch, steps]</c>, as the model's first layer reads them.
/// Arrays and spans of either convert to it implicitly.
/// </summary>
public readonly ref struct BatchInputs
{
    private BatchInputs(ReadOnlySpan<float> features, ReadOnlySpan<int> tokens, bool isTokens)
    {
        Features = features;
        Tokens = tokens;
        IsTokens = isTokens;
    }

    /// <summary>The float features (empty for tokens).</summary>
    public ReadOnlySpan<float> Features { get; }

    /// <summary>The token indices (empty for features).</summary>
    public ReadOnlySpan<int> Tokens { get; }

    /// <summary>Whether these are token indices.</summary>
    public bool IsTokens { get; }

    /// <summary>Values held (features or tokens).</summary>
    public int Length => IsTokens ? Tokens.Length : Features.Length;

    /// <summary>Wraps features (not copied).</summary>
    public static implicit operator BatchInputs(ReadOnlySpan<float> features) => new(features, default, isTokens: false);

    /// <summary>Wraps tokens (not copied).</summary>
    public static implicit operator BatchInputs(ReadOnlySpan<int> tokens) => new(default, tokens, isTokens: true);

    /// <summary>Wraps features (not copied).</summary>
    public static implicit operator BatchInputs(float[] features) => new(features, default, isTokens: false);

    /// <summary>Wraps tokens (not copied).</summary>
    public static implicit operator BatchInputs(int[] tokens) => new(default, tokens, isTokens: true);
}
