using System;
using System.Runtime.InteropServices;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Layers;

/// <summary>Element-wise helpers over padded rows (lengths are multiples of 16).</summary>
internal static class VectorOps<TIsa, TVec>
    where TIsa : struct, ISimd<TVec>
    where TVec : struct
{
    /// <summary>destination += source.</summary>
    public static void AddInPlace(ReadOnlySpan<float> source, Span<float> destination)
    {
        ref float s = ref MemoryMarshal.GetReference(source);
        ref float d = ref MemoryMarshal.GetReference(destination);
        for (nuint j = 0; j < (nuint)destination.Length; j += (nuint)TIsa.Width)
        {
            TIsa.Store(TIsa.Add(TIsa.Load(ref d, j), TIsa.Load(ref s, j)), ref d, j);
        }
    }

    /// <summary>destination = source ⊙ mask.</summary>
    public static void Multiply(ReadOnlySpan<float> source, ReadOnlySpan<float> mask, Span<float> destination)
    {
        ref float s = ref MemoryMarshal.GetReference(source);
        ref float m = ref MemoryMarshal.GetReference(mask);
        ref float d = ref MemoryMarshal.GetReference(destination);
        for (nuint j = 0; j < (nuint)destination.Length; j += (nuint)TIsa.Width)
        {
            TIsa.Store(TIsa.Multiply(TIsa.Load(ref s, j), TIsa.Load(ref m, j)), ref d, j);
        }
    }

    /// <summary>destination += source ⊙ mask.</summary>
    public static void MultiplyAccumulate(ReadOnlySpan<float> source, ReadOnlySpan<float> mask, Span<float> destination)
    {
        ref float s = ref MemoryMarshal.GetReference(source);
        ref float m = ref MemoryMarshal.GetReference(mask);
        ref float d = ref MemoryMarshal.GetReference(destination);
        for (nuint j = 0; j < (nuint)destination.Length; j += (nuint)TIsa.Width)
        {
            TIsa.Store(TIsa.MultiplyAdd(TIsa.Load(ref s, j), TIsa.Load(ref m, j), TIsa.Load(ref d, j)), ref d, j);
        }
    }
}
