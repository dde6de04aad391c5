namespace ModelCompiler.Benchmarks.Reference;

/// <summary>Copies engine parameters (PyTorch names and layout) into plain arrays, so every implementation computes the same model.</summary>
public static class ReferenceWeights
{
    /// <summary>The values of the tensor <paramref name="name"/>.</summary>
    public static float[] Copy(ParameterSet parameters, string name)
    {
        var values = new float[parameters.Length(name)];
        parameters.CopyTo(name, values);
        return values;
    }
}
