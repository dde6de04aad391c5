using System;
using System.Buffers.Binary;
using System.Text;

namespace ModelCompiler.Runtime.Tests.IO;

/// <summary>Builds safetensors files byte by byte, independently of the writer under test.</summary>
internal static class SafetensorsBytes
{
    /// <summary>Length field, header (space-padded to a multiple of 8), data; <paramref name="declaredLength"/> overrides the length field.</summary>
    public static byte[] Build(string header, ReadOnlySpan<byte> data, ulong? declaredLength = null)
    {
        byte[] json = Encoding.UTF8.GetBytes(Pad(header));
        return Build(json, data, declaredLength ?? (ulong)json.Length);
    }

    /// <summary>Raw header bytes, unpadded, for headers that are not valid UTF-8.</summary>
    public static byte[] Build(ReadOnlySpan<byte> header, ReadOnlySpan<byte> data, ulong declaredLength)
    {
        byte[] file = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, declaredLength);
        header.CopyTo(file.AsSpan(8));
        data.CopyTo(file.AsSpan(8 + header.Length));
        return file;
    }

    /// <summary>Pads with spaces to a multiple of 8 bytes, as the reference writer does.</summary>
    public static string Pad(string header)
    {
        int bytes = Encoding.UTF8.GetByteCount(header);
        return header + new string(' ', (8 - bytes % 8) % 8);
    }

    public static byte[] Floats(params float[] values)
    {
        byte[] bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }
}
