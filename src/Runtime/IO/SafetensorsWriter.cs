using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModelCompiler.Runtime.IO;

/// <summary>
/// Collects F32 tensors and optional string metadata, then writes them as one safetensors file, atomically:
/// readers see either the old file or the complete new one, never a partial write.
/// </summary>
public sealed class SafetensorsWriter
{
    private const string MetadataKey = "__metadata__";

    private readonly List<(string Name, int[] Shape, byte[] Data)> _tensors = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);

    /// <param name="metadata">Written as the header's <c>__metadata__</c> map (e.g. epoch, step); none when empty.</param>
    public SafetensorsWriter(IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (metadata is null) return;
        foreach (KeyValuePair<string, string> item in metadata)
        {
            ArgumentNullException.ThrowIfNull(item.Value, $"metadata['{item.Key}']");
            _metadata.Add(item.Key, item.Value);
        }
    }

    /// <summary>Adds a tensor; its values are copied now, so <paramref name="data"/> may change afterwards.</summary>
    /// <param name="name">Unique, non-empty, not <c>__metadata__</c>.</param>
    /// <param name="shape">Non-negative dimensions, C order.</param>
    /// <param name="data">Exactly the product of <paramref name="shape"/> floats.</param>
    public void Add(string name, ReadOnlySpan<int> shape, ReadOnlySpan<float> data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name == MetadataKey) throw new ArgumentException($"'{MetadataKey}' is reserved for metadata.", nameof(name));
        long count = 1;
        foreach (int dimension in shape)
        {
            if (dimension < 0) throw new ArgumentException($"Tensor '{name}' has a negative dimension in shape {ParameterSet.FormatShape(shape)}.", nameof(shape));
            count = checked(count * dimension);
        }
        if (count != data.Length)
            throw new ArgumentException($"Tensor '{name}' has shape {ParameterSet.FormatShape(shape)} ({count} floats) but {data.Length} floats were given.", nameof(data));
        if (!_names.Add(name)) throw new ArgumentException($"Tensor '{name}' was already added.", nameof(name));

        byte[] bytes = new byte[data.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
            MemoryMarshal.AsBytes(data).CopyTo(bytes);
        else
            for (int i = 0; i < data.Length; i++)
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), data[i]);
        _tensors.Add((name, shape.ToArray(), bytes));
    }

    /// <summary>Writes the file: to a temporary file in the same directory, then renamed over <paramref name="path"/>.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                WriteTo(stream);
                // On disk before the rename, so a crash cannot leave a renamed but empty file.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private void WriteTo(Stream stream)
    {
        byte[] header = BuildHeader();
        Span<byte> length = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach ((_, _, byte[] data) in _tensors) stream.Write(data);
    }

    /// <summary>The JSON header, space-padded to a multiple of 8 bytes as the reference writer does (keeps the data aligned).</summary>
    private byte[] BuildHeader()
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping writes names as plain UTF-8, like the reference writer, instead of \u escapes.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (_metadata.Count > 0)
            {
                json.WriteStartObject(MetadataKey);
                foreach (KeyValuePair<string, string> item in _metadata) json.WriteString(item.Key, item.Value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach ((string name, int[] shape, byte[] data) in _tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", SafetensorsDtype.F32);
                json.WriteStartArray("shape");
                foreach (int dimension in shape) json.WriteNumberValue(dimension);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += data.Length;
            }
            json.WriteEndObject();
        }
        int padded = (buffer.WrittenCount + 7) / 8 * 8;
        byte[] header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }
}
