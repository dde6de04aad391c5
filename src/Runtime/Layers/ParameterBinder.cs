using System.Collections.Generic;
using ModelCompiler.Runtime.Memory;

namespace ModelCompiler.Runtime.Layers;

/// <summary>Hands each layer the views of its parameters and gradients inside the network's two storages.</summary>
internal sealed class ParameterBinder
{
    private readonly Dictionary<string, ParameterInfo> _byName = new();
    private readonly AlignedBuffer _parameters;
    private readonly AlignedBuffer _gradients;

    public ParameterBinder(IEnumerable<ParameterInfo> entries, AlignedBuffer parameters, AlignedBuffer gradients)
    {
        foreach (ParameterInfo entry in entries) _byName.Add(entry.Name, entry);
        _parameters = parameters;
        _gradients = gradients;
    }

    public TensorView Parameter(string name) => View(_parameters, name);

    public TensorView Gradient(string name) => View(_gradients, name);

    private TensorView View(AlignedBuffer buffer, string name)
    {
        ParameterInfo entry = _byName[name];
        return new TensorView(buffer, entry.Offset, entry.Length);
    }
}
