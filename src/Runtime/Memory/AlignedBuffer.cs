using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ModelCompiler.Runtime.Memory;

/// <summary>
/// A float buffer whose first element is 64-byte aligned, for the whole life of the buffer. A managed
/// <c>float[]</c> is only 8-byte aligned and may move; this one lives on the pinned object heap (it never moves)
/// and starts at the first 64-byte boundary inside a slightly larger array.
/// </summary>
public sealed class AlignedBuffer
{
    /// <summary>Alignment in floats (64 bytes).</summary>
    public const int AlignmentFloats = 16;

    private readonly float[] _array;
    private readonly int _start;

    /// <summary>Allocates <paramref name="length"/> zeroed floats.</summary>
    public AlignedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _array = GC.AllocateArray<float>(length + AlignmentFloats, pinned: true);
        nint address;
        unsafe { address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array)); }
        int misalignment = (int)(address & 63) / sizeof(float);
        _start = misalignment == 0 ? 0 : AlignmentFloats - misalignment;
        Length = length;
    }

    /// <summary>Floats in the buffer.</summary>
    public int Length { get; }

    /// <summary>The whole buffer.</summary>
    public Span<float> Span => _array.AsSpan(_start, Length);

    /// <summary>A slice; <paramref name="offset"/> should be a multiple of <see cref="AlignmentFloats"/> to stay aligned.</summary>
    public Span<float> Slice(int offset, int length) => _array.AsSpan(_start + offset, length);

    /// <summary>Rounds <paramref name="length"/> up to whole 64-byte blocks.</summary>
    public static int RoundUp(int length) => (length + AlignmentFloats - 1) / AlignmentFloats * AlignmentFloats;
}
