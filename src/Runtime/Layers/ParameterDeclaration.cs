namespace ModelCompiler.Runtime.Layers;

/// <summary>How a parameter is initialized (PyTorch's default scheme for the owning module).</summary>
internal enum InitKind
{
    /// <summary>Uniform in [−Bound, Bound].</summary>
    Uniform,
    /// <summary>Standard normal (nn.Embedding).</summary>
    Normal,
}

/// <summary>A parameter a layer owns, in PyTorch name and shape.</summary>
internal sealed record ParameterDeclaration(string Name, int[] Shape, InitKind Init, float Bound);
