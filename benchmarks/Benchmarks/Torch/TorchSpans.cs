using System;
using static TorchSharp.torch;

namespace ModelCompiler.Benchmarks.Torch;

/// <summary>Copies between managed spans and contiguous CPU tensors (no managed arrays).</summary>
public static class TorchSpans
{
    public static void Write(Tensor destination, ReadOnlySpan<float> source)
    {
        using var values = destination.data<float>();
        values.CopyFrom(source);
    }

    /// <summary>Class indices into an int64 tensor.</summary>
    public static void Write(Tensor destination, ReadOnlySpan<int> source)
    {
        using var values = destination.data<long>();
        for (int i = 0; i < source.Length; i++) values[i] = source[i];
    }

    public static void Read(Tensor source, Span<float> destination)
    {
        using var values = source.data<float>();
        values.CopyTo(destination);
    }
}
