using System;
using System.Collections.Generic;
using ModelCompiler.Runtime.Memory;

namespace ModelCompiler;

/// <summary>
/// Named tensors in PyTorch names, shapes and layout (a state dict), backed by one aligned buffer.
/// The engine may keep its own repacked copies of the weights; <c>changed</c> tells it to refresh them.
/// </summary>
public sealed partial class ParameterSet
{
    private readonly ParameterInfo[] _entries;
    private readonly string[] _names;
    // Built once so name lookups on hot paths do not allocate.
    private readonly Dictionary<string, int> _indexByName;
    private readonly AlignedBuffer _storage;
    private readonly Action? _changed;

    /// <param name="entries">Tensors in PyTorch state-dict order; each is contiguous inside <paramref name="storage"/>.</param>
    /// <param name="storage">Backing floats.</param>
    /// <param name="changed">Called after the parameters were overwritten through this set.</param>
    public ParameterSet(IReadOnlyList<ParameterInfo> entries, AlignedBuffer storage, Action? changed = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(storage);
        _entries = new ParameterInfo[entries.Count];
        _names = new string[entries.Count];
        _indexByName = new Dictionary<string, int>(entries.Count, StringComparer.Ordinal);
        long total = 0;
        for (int i = 0; i < entries.Count; i++)
        {
            ParameterInfo entry = entries[i];
            foreach (int dimension in entry.Shape)
                if (dimension < 0) throw new ArgumentException($"Parameter '{entry.Name}' has a negative dimension in shape {FormatShape(entry.Shape)}.", nameof(entries));
            // Own copy of the shape: the caller's array must not be able to change it later.
            ParameterInfo copy = entry with { Shape = (int[])entry.Shape.Clone() };
            long end = (long)copy.Offset + copy.Length;
            if (copy.Offset < 0 || end > storage.Length)
                throw new ArgumentException($"Parameter '{copy.Name}' (offset {copy.Offset}, {copy.Length} floats) does not fit in storage of {storage.Length} floats.", nameof(entries));
            if (!_indexByName.TryAdd(copy.Name, i))
                throw new ArgumentException($"Duplicate parameter name '{copy.Name}'.", nameof(entries));
            _entries[i] = copy;
            _names[i] = copy.Name;
            total += copy.Length;
        }
        TotalLength = checked((int)total);
        _storage = storage;
        _changed = changed;
    }

    /// <summary>Tensor names in PyTorch state-dict order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Sum of the lengths of all tensors (the parameter count).</summary>
    public int TotalLength { get; }

    /// <summary>Whether a tensor of that name exists.</summary>
    public bool Contains(string name) => _indexByName.ContainsKey(name);

    /// <summary>PyTorch shape of a tensor (a copy).</summary>
    public int[] Shape(string name) => (int[])Find(name).Shape.Clone();

    /// <summary>Number of floats in a tensor.</summary>
    public int Length(string name) => Find(name).Length;

    /// <summary>Copies a tensor, in PyTorch layout, into <paramref name="destination"/> (exactly its length).</summary>
    public void CopyTo(string name, Span<float> destination)
    {
        ParameterInfo entry = Find(name);
        CheckLength(entry, destination.Length, nameof(destination));
        _storage.Slice(entry.Offset, entry.Length).CopyTo(destination);
    }

    /// <summary>
    /// Overwrites a tensor from <paramref name="source"/> (PyTorch layout, exactly its length, finite values); on a
    /// wrong length or a NaN/∞ it throws and changes nothing.
    /// </summary>
    public void CopyFrom(string name, ReadOnlySpan<float> source)
    {
        ParameterInfo entry = Find(name);
        CheckLength(entry, source.Length, nameof(source));
        int bad = IndexOfNonFinite(source);
        if (bad >= 0)
            throw new ArgumentException($"Parameter '{entry.Name}' must hold finite values, but {nameof(source)}[{bad}] is {source[bad]}.", nameof(source));
        source.CopyTo(_storage.Slice(entry.Offset, entry.Length));
        _changed?.Invoke();
    }

    /// <summary>
    /// Copies every tensor into <paramref name="destination"/>, which must hold the same names and shapes (another
    /// instance of the same model, e.g. one per thread): <c>other.load_state_dict(model.state_dict())</c>. A mismatch
    /// throws listing every difference, and nothing is copied.
    /// </summary>
    public void CopyTo(ParameterSet destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (ReferenceEquals(destination, this)) return;
        if (!SameTensorsAs(destination))
            throw new ArgumentException($"The destination holds other parameters, nothing was copied: {string.Join("; ", Differences(destination))}.", nameof(destination));
        foreach (ParameterInfo entry in _entries)
            _storage.Slice(entry.Offset, entry.Length).CopyTo(destination._storage.Slice(destination._entries[destination._indexByName[entry.Name]].Offset, entry.Length));
        destination._changed?.Invoke();
    }

    /// <summary>Whether <paramref name="other"/> has exactly these names and shapes (checked without allocating).</summary>
    private bool SameTensorsAs(ParameterSet other)
    {
        if (other._entries.Length != _entries.Length) return false;
        foreach (ParameterInfo entry in _entries)
        {
            if (!other._indexByName.TryGetValue(entry.Name, out int index) || !entry.Shape.AsSpan().SequenceEqual(other._entries[index].Shape)) return false;
        }
        return true;
    }

    private List<string> Differences(ParameterSet other)
    {
        var differences = new List<string>();
        foreach (ParameterInfo entry in _entries)
        {
            if (!other._indexByName.TryGetValue(entry.Name, out int index)) differences.Add($"'{entry.Name}' is missing there");
            else if (!entry.Shape.AsSpan().SequenceEqual(other._entries[index].Shape))
                differences.Add($"'{entry.Name}' is {FormatShape(entry.Shape)} here but {FormatShape(other._entries[index].Shape)} there");
        }
        foreach (string name in other._names)
            if (!_indexByName.ContainsKey(name)) differences.Add($"'{name}' is only in the destination");
        return differences;
    }

    /// <summary>
    /// The whole backing storage, for optimizers and engines. Writing through it does not call <c>changed</c>;
    /// whoever writes must refresh derived copies itself.
    /// </summary>
    public Span<float> AsSpan() => _storage.Span;

    /// <summary>One tensor's floats in the backing storage. Writing through it does not call <c>changed</c>.</summary>
    public Span<float> GetSpan(string name)
    {
        ParameterInfo entry = Find(name);
        return _storage.Slice(entry.Offset, entry.Length);
    }

    private ParameterInfo Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_indexByName.TryGetValue(name, out int index)) return _entries[index];
        throw new KeyNotFoundException($"No parameter named '{name}'. Known parameters: {string.Join(", ", _names)}.");
    }

    private static void CheckLength(ParameterInfo entry, int actual, string argumentName)
    {
        if (actual != entry.Length)
            throw new ArgumentException(
                $"Parameter '{entry.Name}' has shape {FormatShape(entry.Shape)}, so the span needs {entry.Length} floats, but it has {actual}.",
                argumentName);
    }

    /// <summary>Index of the first NaN or ∞, or −1.</summary>
    internal static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }

    internal static string FormatShape(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
