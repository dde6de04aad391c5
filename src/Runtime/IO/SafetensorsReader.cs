using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Unicode;

namespace ModelCompiler.Runtime.IO;

/// <summary>
/// Reads safetensors files (https://github.com/huggingface/safetensors): an 8-byte little-endian header length N,
/// N bytes of UTF-8 JSON, then the data buffer. Everything untrusted is checked before it is used, and any
/// malformed file is rejected with an <see cref="InvalidDataException"/> that says what is wrong and where.
/// </summary>
public static class SafetensorsReader
{
    /// <summary>Largest header accepted, as in the reference implementation: a bigger one is not a real file.</summary>
    public const int MaxHeaderLength = 100_000_000;

    private const string MetadataKey = "__metadata__";
    private const int HeaderLengthSize = sizeof(ulong);

    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    public static SafetensorsFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        // The only allocation sized by the file is the file itself, whose length the file system vouches for.
        long length = new FileInfo(path).Length;
        if (length > Array.MaxLength)
            throw new InvalidDataException($"{path}: file is {length} bytes, larger than this reader supports ({Array.MaxLength}).");
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Validates and parses a whole safetensors file held in memory; tensors reference <paramref name="file"/>.</summary>
    /// <param name="file">The file's bytes.</param>
    /// <param name="source">Name used in error messages (usually the path).</param>
    public static SafetensorsFile Parse(ReadOnlyMemory<byte> file, string source)
    {
        ReadOnlySpan<byte> bytes = file.Span;
        if (bytes.Length < HeaderLengthSize)
            throw Error(source, $"file is {bytes.Length} bytes, shorter than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderLength)
            throw Error(source, $"header length {headerLength} exceeds the limit of {MaxHeaderLength} bytes");
        if (headerLength > (ulong)(bytes.Length - HeaderLengthSize))
            throw Error(source, $"header length {headerLength} exceeds the {bytes.Length - HeaderLengthSize} bytes after the length field");

        int dataStart = HeaderLengthSize + (int)headerLength;
        ReadOnlyMemory<byte> header = file.Slice(HeaderLengthSize, (int)headerLength);
        ReadOnlyMemory<byte> data = file.Slice(dataStart);
        // Checked up front so that reading strings out of the JSON cannot fail on bad encoding later.
        if (!Utf8.IsValid(header.Span))
            throw Error(source, "header is not valid UTF-8");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException exception)
        {
            throw Error(source, $"header is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}): {exception.Message}");
        }

        using (document)
        {
            return Interpret(document.RootElement, data, dataStart, source);
        }
    }

    private static SafetensorsFile Interpret(JsonElement root, ReadOnlyMemory<byte> data, int dataStart, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw Error(source, $"header must be a JSON object, found {root.ValueKind}");

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        bool sawMetadata = false;
        var entries = new List<Entry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in root.EnumerateObject())
        {
            string name = GetName(property, source);
            if (name == MetadataKey)
            {
                if (sawMetadata) throw Error(source, $"header has more than one '{MetadataKey}'");
                sawMetadata = true;
                ReadMetadata(property.Value, metadata, source);
                continue;
            }
            if (!names.Add(name)) throw Error(source, $"tensor '{name}' appears more than once in the header");
            entries.Add(ReadEntry(name, property.Value, data.Length, source));
        }

        // The data buffer must be exactly covered by the tensors, in order, without gaps or overlaps.
        entries.Sort((x, y) => x.Begin != y.Begin ? x.Begin.CompareTo(y.Begin) : x.End.CompareTo(y.End));
        long position = 0;
        string previous = "the start of the data buffer";
        var tensors = new SafetensorsTensor[entries.Count];
        var byName = new Dictionary<string, SafetensorsTensor>(entries.Count, StringComparer.Ordinal);
        for (int i = 0; i < entries.Count; i++)
        {
            Entry entry = entries[i];
            if (entry.Begin < position)
                throw Error(source, $"tensor '{entry.Name}' (bytes {entry.Begin}..{entry.End}) overlaps {previous}");
            if (entry.Begin > position)
                throw Error(source, $"gap of {entry.Begin - position} bytes between {previous} and tensor '{entry.Name}' at byte {entry.Begin}");
            var tensor = new SafetensorsTensor(entry.Name, entry.Dtype, entry.Shape, entry.ElementCount,
                data.Slice((int)entry.Begin, (int)(entry.End - entry.Begin)));
            tensors[i] = tensor;
            byName.Add(entry.Name, tensor);
            position = entry.End;
            previous = $"tensor '{entry.Name}' ending at byte {entry.End}";
        }
        if (position != data.Length)
            throw Error(source, $"data buffer has {data.Length} bytes (from file byte {dataStart}) but the tensors cover only {position}");
        return new SafetensorsFile(source, tensors, byName, metadata);
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(source, $"'{MetadataKey}' must be an object of strings, found {value.ValueKind}");
        foreach (JsonProperty item in value.EnumerateObject())
        {
            string key = GetName(item, source);
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Error(source, $"'{MetadataKey}' entry '{key}' must be a string, found {item.Value.ValueKind}");
            if (!metadata.TryAdd(key, GetText(item.Value, source)))
                throw Error(source, $"'{MetadataKey}' entry '{key}' appears more than once");
        }
    }

    private static Entry ReadEntry(string name, JsonElement value, int dataLength, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(source, $"tensor '{name}' must be an object, found {value.ValueKind}");

        if (!value.TryGetProperty("dtype", out JsonElement dtypeElement))
            throw Error(source, $"tensor '{name}' has no 'dtype'");
        if (dtypeElement.ValueKind != JsonValueKind.String)
            throw Error(source, $"tensor '{name}': 'dtype' must be a string, found {dtypeElement.ValueKind}");
        string dtype = GetText(dtypeElement, source);
        int elementSize = SafetensorsDtype.SizeOf(dtype);
        if (elementSize == 0)
            throw Error(source, $"tensor '{name}' has unknown dtype '{dtype}'");

        if (!value.TryGetProperty("shape", out JsonElement shapeElement))
            throw Error(source, $"tensor '{name}' has no 'shape'");
        if (shapeElement.ValueKind != JsonValueKind.Array)
            throw Error(source, $"tensor '{name}': 'shape' must be an array, found {shapeElement.ValueKind}");
        var shape = new int[shapeElement.GetArrayLength()];
        long elementCount = 1;
        int axis = 0;
        foreach (JsonElement dimension in shapeElement.EnumerateArray())
        {
            if (dimension.ValueKind != JsonValueKind.Number || !dimension.TryGetInt32(out int size) || size < 0)
                throw Error(source, $"tensor '{name}': shape dimension {axis} is {dimension.GetRawText()}, not a non-negative 32-bit integer");
            shape[axis++] = size;
            // Rejected like the reference implementation's checked multiply, even if a later dimension is 0.
            if (size != 0 && elementCount > long.MaxValue / elementSize / size)
                throw Error(source, $"tensor '{name}': the element count of shape {Format(shape, axis)}... overflows");
            elementCount *= size;
        }

        if (!value.TryGetProperty("data_offsets", out JsonElement offsetsElement))
            throw Error(source, $"tensor '{name}' has no 'data_offsets'");
        if (offsetsElement.ValueKind != JsonValueKind.Array || offsetsElement.GetArrayLength() != 2)
            throw Error(source, $"tensor '{name}': 'data_offsets' must be an array [begin, end], found {offsetsElement.GetRawText()}");
        long begin = ReadOffset(name, offsetsElement[0], "begin", source);
        long end = ReadOffset(name, offsetsElement[1], "end", source);
        if (begin > end)
            throw Error(source, $"tensor '{name}': data_offsets begin {begin} is after end {end}");
        if (end > dataLength)
            throw Error(source, $"tensor '{name}': data_offsets end {end} is past the {dataLength}-byte data buffer (truncated file?)");
        long expectedBytes = elementCount * elementSize;
        if (end - begin != expectedBytes)
            throw Error(source, $"tensor '{name}': data_offsets [{begin}, {end}] span {end - begin} bytes but {dtype} shape {Format(shape, shape.Length)} needs {expectedBytes}");

        return new Entry(name, dtype, shape, elementCount, begin, end);
    }

    private static long ReadOffset(string name, JsonElement element, string which, string source)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out long offset) || offset < 0)
            throw Error(source, $"tensor '{name}': data_offsets {which} is {element.GetRawText()}, not a non-negative integer");
        return offset;
    }

    // Valid UTF-8 can still escape an unpaired surrogate (\ud800), which has no string form.
    private static string GetName(JsonProperty property, string source)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException exception)
        {
            throw Error(source, $"header has a key that is not valid text: {exception.Message}");
        }
    }

    private static string GetText(JsonElement element, string source)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException exception)
        {
            throw Error(source, $"header has a string that is not valid text: {exception.Message}");
        }
    }

    private static string Format(int[] shape, int count) => "[" + string.Join(", ", shape[..count]) + "]";

    private static InvalidDataException Error(string source, string problem) =>
        new($"{source}: invalid safetensors file: {problem}.");

    private readonly record struct Entry(string Name, string Dtype, int[] Shape, long ElementCount, long Begin, long End);
}
