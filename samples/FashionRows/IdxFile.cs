using System;
using System.IO;
using System.IO.Compression;

namespace FashionRows;

/// <summary>Reads the gzip'd IDX files of (Fashion-)MNIST: big-endian header, then unsigned bytes.</summary>
internal static class IdxFile
{
    /// <summary>Images as floats in [0, 1], <c>[count][rows·columns]</c> flattened.</summary>
    public static float[] ReadImages(string path, out int count)
    {
        using var reader = Open(path, expectedMagic: 0x00000803);
        count = ReadInt32(reader);
        int pixels = ReadInt32(reader) * ReadInt32(reader);
        byte[] bytes = reader.ReadBytes(count * pixels);
        if (bytes.Length != count * pixels) throw new InvalidDataException($"{path}: expected {count * pixels} pixel bytes, found {bytes.Length}.");
        var images = new float[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) images[i] = bytes[i] / 255f;
        return images;
    }

    public static int[] ReadLabels(string path)
    {
        using var reader = Open(path, expectedMagic: 0x00000801);
        int count = ReadInt32(reader);
        byte[] bytes = reader.ReadBytes(count);
        if (bytes.Length != count) throw new InvalidDataException($"{path}: expected {count} labels, found {bytes.Length}.");
        return Array.ConvertAll(bytes, b => (int)b);
    }

    private static BinaryReader Open(string path, int expectedMagic)
    {
        var reader = new BinaryReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        int magic = ReadInt32(reader);
        if (magic != expectedMagic) throw new InvalidDataException($"{path}: magic number 0x{magic:X8}, expected 0x{expectedMagic:X8}.");
        return reader;
    }

    private static int ReadInt32(BinaryReader reader)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (reader.Read(bytes) != 4) throw new EndOfStreamException("Truncated IDX header.");
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes);
    }
}
