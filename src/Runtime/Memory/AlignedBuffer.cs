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
    // The address of the first element: the array is pinned and lives as long as this buffer.
    private readonly unsafe float* _first;

    /// <summary>Allocates <paramref name="length"/> zeroed floats.</summary>
    public AlignedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _array = GC.AllocateArray<float>(length + AlignmentFloats, pinned: true);
        nint address;
        unsafe { address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array)); }
        int misalignment = (int)(address & 63) / sizeof(float);
        _start = misalignment == 0 ? 0 : AlignmentFloats - misalignment;
        unsafe { _first = (float*)address + _start; }
        Length = length;
    }

    /// <summary>
    /// The first element, for kernels that address the buffer with constant offsets: one field load instead of a
    /// checked span. No bounds: the caller stays inside <see cref="Length"/> and keeps this buffer reachable meanwhile.
    /// </summary>
    internal unsafe ref float First => ref Unsafe.AsRef<float>(_first);

    /// <summary>The address of the first element (the array is pinned: it stays valid while this buffer is reachable).</summary>
    internal unsafe float* Address => _first;

    /// <summary>Floats in the buffer.</summary>
    public int Length { get; }

    /// <summary>The whole buffer.</summary>
    public Span<float> Span => _array.AsSpan(_start, Length);

    /// <summary>A slice; <paramref name="offset"/> should be a multiple of <see cref="AlignmentFloats"/> to stay aligned.</summary>
    public Span<float> Slice(int offset, int length) => _array.AsSpan(_start + offset, length);

    /// <summary>Rounds <paramref name="length"/> up to whole 64-byte blocks.</summary>
    public static int RoundUp(int length) => (length + AlignmentFloats - 1) / AlignmentFloats * AlignmentFloats;
}
