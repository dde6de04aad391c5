using System;
using System.Collections.Generic;
using System.IO;
using ModelCompiler.Runtime.IO;

namespace ModelCompiler.Runtime.Fitting;

/// <summary>
/// A copy of every parameter tensor (early stopping's best weights). Buffers are allocated once, so capturing a
/// new best epoch allocates nothing.
/// </summary>
internal sealed class ParameterSnapshot
{
    private readonly ParameterSet _parameters;
    private readonly float[][] _values;

    public ParameterSnapshot(ParameterSet parameters)
    {
        _parameters = parameters;
        _values = new float[parameters.Names.Count][];
        for (int i = 0; i < _values.Length; i++) _values[i] = new float[parameters.Length(parameters.Names[i])];
    }

    /// <summary>Whether <see cref="Capture"/> or <see cref="Read"/> has filled it.</summary>
    public bool HasValues { get; private set; }

    public void Capture()
    {
        for (int i = 0; i < _values.Length; i++) _parameters.GetSpan(_parameters.Names[i]).CopyTo(_values[i]);
        HasValues = true;
    }

    /// <summary>Writes the copy back; <c>CopyFrom</c> also refreshes the engine's packed weights.</summary>
    public void Restore()
    {
        for (int i = 0; i < _values.Length; i++) _parameters.CopyFrom(_parameters.Names[i], _values[i]);
    }

    public void Write(SafetensorsWriter writer, string prefix)
    {
        for (int i = 0; i < _values.Length; i++)
            writer.Add(prefix + _parameters.Names[i], _parameters.Shape(_parameters.Names[i]), _values[i]);
    }

    /// <summary>Fills the copy from <paramref name="file"/>'s tensors named <paramref name="prefix"/> + parameter name.</summary>
    public void Read(SafetensorsFile file, string prefix)
    {
        for (int i = 0; i < _values.Length; i++)
        {
            string name = prefix + _parameters.Names[i];
            SafetensorsTensor tensor = file.GetTensor(name);
            if (tensor.Dtype != SafetensorsDtype.F32 || !tensor.HasShape(_parameters.Shape(_parameters.Names[i])))
                throw new InvalidDataException($"{file.Source}: tensor '{name}' is {tensor.Dtype} {ParameterSet.FormatShape(tensor.Shape)}, expected F32 {ParameterSet.FormatShape(_parameters.Shape(_parameters.Names[i]))}.");
            tensor.CopyTo(_values[i]);
        }
        HasValues = true;
    }
}
