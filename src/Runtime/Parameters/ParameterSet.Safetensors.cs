using System;
using System.Collections.Generic;
using System.IO;
using ModelCompiler.Runtime.IO;

namespace ModelCompiler;

/// <summary>Saving and loading the set as a PyTorch state dict in safetensors format.</summary>
public sealed partial class ParameterSet
{
    /// <summary>Writes the set as a safetensors file (atomically) that PyTorch's <c>load_state_dict</c> accepts.</summary>
    public void SaveSafetensors(string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var writer = new SafetensorsWriter(metadata);
        WriteTensors(writer);
        writer.Save(path);
    }

    /// <summary>
    /// Loads a safetensors file strictly, like PyTorch's <c>load_state_dict(strict=True)</c>: every problem
    /// (missing, unexpected, wrong dtype, wrong shape) is reported in one <see cref="InvalidDataException"/>,
    /// and nothing is changed unless the whole file fits.
    /// </summary>
    public void LoadSafetensors(string path) => ReadTensors(SafetensorsReader.Read(path));

    /// <summary>
    /// Loads the tensors named <paramref name="prefix"/> + a parameter name (e.g. <c>"encoder."</c>: one submodule of a
    /// larger PyTorch module's state dict), strictly among the names under that prefix; other tensors are left alone.
    /// </summary>
    public void LoadSafetensors(string path, string prefix) => ReadTensors(SafetensorsReader.Read(path), prefix);

    /// <summary>Adds every tensor to <paramref name="writer"/> as <paramref name="prefix"/> + name (checkpoints use prefixes to share a file).</summary>
    public void WriteTensors(SafetensorsWriter writer, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (ParameterInfo entry in _entries)
            writer.Add(prefix + entry.Name, entry.Shape, _storage.Slice(entry.Offset, entry.Length));
    }

    /// <summary>
    /// Strictly loads the tensors of <paramref name="file"/> whose names start with <paramref name="prefix"/>
    /// (all of them for an empty prefix); see <see cref="LoadSafetensors(string)"/>. Calls <c>changed</c> once on success.
    /// </summary>
    public void ReadTensors(SafetensorsFile file, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(prefix);
        var problems = new List<string>();
        SafetensorsTensor[] matched = Match(file, prefix, problems);
        if (problems.Count > 0) ThrowLoadProblems(file, problems, Hint(file, prefix));
        CopyMatched(matched);
    }

    /// <summary>
    /// The tensor of <paramref name="file"/> for each parameter (<paramref name="prefix"/> + its name), after checking
    /// dtype, shape and values; each problem, and each tensor under the prefix that is no parameter, goes to
    /// <paramref name="problems"/> (nothing is changed).
    /// </summary>
    internal SafetensorsTensor[] Match(SafetensorsFile file, string prefix, List<string> problems)
    {
        var matched = new SafetensorsTensor[_entries.Length];
        for (int i = 0; i < _entries.Length; i++)
        {
            ParameterInfo entry = _entries[i];
            string name = prefix + entry.Name;
            if (!file.TryGetTensor(name, out SafetensorsTensor tensor))
                problems.Add($"missing tensor '{name}' (expected F32 {FormatShape(entry.Shape)})");
            else if (tensor.Dtype != SafetensorsDtype.F32)
                problems.Add($"tensor '{name}' has dtype {tensor.Dtype}, expected F32");
            else if (!tensor.HasShape(entry.Shape))
                problems.Add($"tensor '{name}' has shape {FormatShape(tensor.Shape)}, expected {FormatShape(entry.Shape)}");
            else if (IndexOfNonFinite(tensor.ToFloatArray()) is var bad and >= 0)
                problems.Add($"tensor '{name}' holds a non-finite value at index {bad}, expected finite weights");
            else
                matched[i] = tensor;
        }
        foreach (SafetensorsTensor tensor in file.Tensors)
            if (tensor.Name.StartsWith(prefix, StringComparison.Ordinal) && !_indexByName.ContainsKey(tensor.Name[prefix.Length..]))
                problems.Add($"unexpected tensor '{tensor.Name}' ({tensor.Dtype} {FormatShape(tensor.Shape)})");
        return matched;
    }

    /// <summary>Copies what <see cref="Match"/> found (without problems) into the parameters; calls <c>changed</c> once.</summary>
    internal void CopyMatched(SafetensorsTensor[] matched)
    {
        for (int i = 0; i < _entries.Length; i++)
            matched[i].CopyTo(_storage.Slice(_entries[i].Offset, _entries[i].Length));
        _changed?.Invoke();
    }

    internal static void ThrowLoadProblems(SafetensorsFile file, List<string> problems, string hint) =>
        throw new InvalidDataException(
            $"{file.Source}: cannot load parameters, {problems.Count} problem(s):{Environment.NewLine}  " +
            string.Join(Environment.NewLine + "  ", problems) + hint);

    /// <summary>
    /// What the usual causes of a failed load look like, said once after the list: every tensor present under one
    /// extra prefix (<c>module.</c> from <c>nn.DataParallel</c>, <c>model.</c> of a Trainer checkpoint), or tensors of
    /// another float type (PyTorch's <c>load_state_dict</c> casts; this loader takes float32 only).
    /// </summary>
    private string Hint(SafetensorsFile file, string prefix)
    {
        string? extra = null;
        string first = prefix + _entries[0].Name;
        foreach (SafetensorsTensor tensor in file.Tensors)
        {
            if (tensor.Name.Length > first.Length && tensor.Name.EndsWith(first, StringComparison.Ordinal))
            {
                string candidate = tensor.Name[..^first.Length];
                if (Array.TrueForAll(_entries, e => file.TryGetTensor(candidate + prefix + e.Name, out _))) extra = candidate;
                break;
            }
        }
        string newLine = Environment.NewLine;
        if (extra == "model." && file.TryGetTensor("optimizer.first_moment", out _))
            return $"{newLine}This is a Trainer checkpoint (parameters under 'model.'): resume it with Trainer.Resume.";
        if (extra is not null)
            return $"{newLine}Every parameter is in the file under the extra prefix '{extra}' (e.g. nn.DataParallel's 'module.'): save the state dict without it, e.g. {{k.removeprefix('{extra}'): v for k, v in sd.items()}}.";
        foreach (SafetensorsTensor tensor in file.Tensors)
        {
            if (tensor.Dtype != SafetensorsDtype.F32 && _indexByName.ContainsKey(tensor.Name.StartsWith(prefix, StringComparison.Ordinal) ? tensor.Name[prefix.Length..] : tensor.Name))
                return $"{newLine}The model's tensors are float32; PyTorch's load_state_dict casts, this loader does not: save module.float().state_dict().";
        }
        return "";
    }
}
