using System;
using System.Collections.Generic;
using System.IO;

namespace ModelCompiler.Runtime.IO;

/// <summary>
/// The parsed contents of a safetensors file: its tensors (in file order) and its string metadata.
/// A checkpoint keeps parameters, optimizer state and counters such as epoch and step in one such file.
/// </summary>
public sealed class SafetensorsFile
{
    private readonly SafetensorsTensor[] _tensors;
    private readonly Dictionary<string, SafetensorsTensor> _byName;

    internal SafetensorsFile(string source, SafetensorsTensor[] tensors, Dictionary<string, SafetensorsTensor> byName, Dictionary<string, string> metadata)
    {
        Source = source;
        _tensors = tensors;
        _byName = byName;
        Metadata = metadata;
    }

    /// <summary>Where the file came from (its path), for error messages.</summary>
    public string Source { get; }

    /// <summary>Tensors ordered by their position in the data buffer.</summary>
    public IReadOnlyList<SafetensorsTensor> Tensors => _tensors;

    /// <summary>The optional <c>__metadata__</c> map; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Looks a tensor up by name.</summary>
    public bool TryGetTensor(string name, out SafetensorsTensor tensor) => _byName.TryGetValue(name, out tensor!);

    /// <summary>A tensor by name.</summary>
    /// <exception cref="InvalidDataException">The file has no such tensor.</exception>
    public SafetensorsTensor GetTensor(string name) =>
        _byName.TryGetValue(name, out SafetensorsTensor? tensor)
            ? tensor
            : throw new InvalidDataException($"{Source}: no tensor named '{name}'.");

    /// <summary>A metadata value by key.</summary>
    /// <exception cref="InvalidDataException">The file has no such metadata entry.</exception>
    public string GetMetadata(string key) =>
        Metadata.TryGetValue(key, out string? value)
            ? value
            : throw new InvalidDataException($"{Source}: no metadata entry '{key}'.");

    /// <summary>Reads and validates a file; see <see cref="SafetensorsReader"/>.</summary>
    public static SafetensorsFile Read(string path) => SafetensorsReader.Read(path);
}
