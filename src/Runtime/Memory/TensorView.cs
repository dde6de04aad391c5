using System;

namespace ModelCompiler.Runtime.Memory;

/// <summary>A storable view of a range of an <see cref="AlignedBuffer"/> (a Span cannot be kept in a field).</summary>
internal readonly record struct TensorView(AlignedBuffer Buffer, int Offset, int Length)
{
    public Span<float> Span => Buffer.Slice(Offset, Length);
}
