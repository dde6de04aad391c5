using System;
using System.Collections.Generic;

namespace ModelCompiler.Runtime.Tests.Oracle;

/// <summary>A parameter set's tensors by PyTorch name, copied out: what the libtorch references load.</summary>
internal static class ParameterValues
{
    public static Dictionary<string, float[]> Of(ParameterSet set)
    {
        var values = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (string name in set.Names)
        {
            var data = new float[set.Length(name)];
            set.CopyTo(name, data);
            values[name] = data;
        }
        return values;
    }
}
