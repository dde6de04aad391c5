using System;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.InteropServices;

namespace ModelCompiler.Runtime.IO;

/// <summary>One tensor read from a safetensors file: name, element type, shape and raw little-endian bytes.</summary>
public sealed class SafetensorsTensor
{
    private readonly int[] _shape;

    internal SafetensorsTensor(string name, string dtype, int[] shape, long elementCount, ReadOnlyMemory<byte> data)
    {
        Name = name;
        Dtype = dtype;
        _shape = shape;
        ElementCount = elementCount;
        Data = data;
    }

    /// <summary>Tensor name, e.g. <c>lstm.weight_ih_l0</c>.</summary>
    public string Name { get; }

    /// <summary>Element type as written in the header, e.g. <c>F32</c>.</summary>
    public string Dtype { get; }

    /// <summary>Shape in C (row-major) order.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Product of the shape.</summary>
    public long ElementCount { get; }

    /// <summary>The tensor's bytes, little-endian, C order.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Whether <see cref="Shape"/> equals <paramref name="shape"/>.</summary>
    public bool HasShape(ReadOnlySpan<int> shape) => Shape.SequenceEqual(shape);

    /// <summary>Copies an F32 tensor into <paramref name="destination"/>, which must hold exactly <see cref="ElementCount"/> floats.</summary>
    /// <exception cref="InvalidDataException">The tensor is not F32.</exception>
    public void CopyTo(Span<float> destination)
    {
        EnsureF32();
        if (destination.Length != ElementCount)
            throw new ArgumentException($"Tensor '{Name}' has {ElementCount} floats but the destination holds {destination.Length}.", nameof(destination));
        ReadOnlySpan<byte> bytes = Data.Span;
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(bytes).CopyTo(destination);
            return;
        }
        for (int i = 0; i < destination.Length; i++)
            destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * sizeof(float)));
    }

    /// <summary>An F32 tensor's values as a new array.</summary>
    /// <exception cref="InvalidDataException">The tensor is not F32.</exception>
    public float[] ToFloatArray()
    {
        EnsureF32();
        // Fits in an int: the tensor's bytes came from one array.
        float[] values = new float[(int)ElementCount];
        CopyTo(values);
        return values;
    }

    private void EnsureF32()
    {
        if (Dtype != SafetensorsDtype.F32)
            throw new InvalidDataException($"Tensor '{Name}' has dtype {Dtype}; only F32 can be read as floats.");
    }
}
