using System;

namespace ModelCompiler.Runtime;

/// <summary>
/// A minibatch's targets for a call that takes several models' data (<see cref="EncoderDecoder"/>): class indices for
/// CrossEntropy, floats of the output's shape for the other losses, laid out as <c>Network.ComputeGradients</c> takes
/// them. Arrays and spans of either convert to it implicitly.
/// </summary>
public readonly ref struct BatchTargets
{
    private BatchTargets(ReadOnlySpan<int> classes, ReadOnlySpan<float> values, bool isClasses)
    {
        Classes = classes;
        Values = values;
        IsClasses = isClasses;
    }

    /// <summary>Class indices (empty for float targets).</summary>
    public ReadOnlySpan<int> Classes { get; }

    /// <summary>Float targets (empty for class indices).</summary>
    public ReadOnlySpan<float> Values { get; }

    /// <summary>Whether these are class indices.</summary>
    public bool IsClasses { get; }

    /// <summary>Wraps classes (not copied).</summary>
    public static implicit operator BatchTargets(ReadOnlySpan<int> classes) => new(classes, default, isClasses: true);

    /// <summary>Wraps values (not copied).</summary>
    public static implicit operator BatchTargets(ReadOnlySpan<float> values) => new(default, values, isClasses: false);

    /// <summary>Wraps classes (not copied).</summary>
    public static implicit operator BatchTargets(int[] classes) => new(classes, default, isClasses: true);

    /// <summary>Wraps values (not copied).</summary>
    public static implicit operator BatchTargets(float[] values) => new(default, values, isClasses: false);
}
