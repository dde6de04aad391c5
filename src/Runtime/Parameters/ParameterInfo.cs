namespace ModelCompiler;

/// <summary>One named tensor of a <see cref="ParameterSet"/>: PyTorch name, shape, and where it lives.</summary>
/// <param name="Name">PyTorch state-dict name, e.g. <c>lstm.weight_ih_l0</c>.</param>
/// <param name="Shape">PyTorch shape, e.g. <c>[4·hidden, input]</c>.</param>
/// <param name="Offset">Offset in floats inside the set's storage.</param>
public sealed record ParameterInfo(string Name, int[] Shape, int Offset)
{
    /// <summary>Number of floats (product of the shape).</summary>
    public int Length
    {
        get
        {
            int length = 1;
            foreach (int dimension in Shape) length *= dimension;
            return length;
        }
    }
}
