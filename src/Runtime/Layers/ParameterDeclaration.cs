namespace ModelCompiler.Runtime.Layers;

/// <summary>How a parameter is initialized by its module's PyTorch default.</summary>
internal enum InitKind
{
    /// <summary>Uniform in [−Bound, Bound].</summary>
    Uniform,
    /// <summary>Standard normal (nn.Embedding).</summary>
    Normal,
}

/// <summary>Values [<see cref="Start"/>, <see cref="Start"/> + <see cref="Length"/>) set to <see cref="Value"/> after initialization (an LSTM's forget bias).</summary>
internal sealed record ParameterFill(int Start, int Length, float Value);

/// <summary>
/// A parameter a layer owns, in PyTorch name and shape: initialized by <see cref="Scheme"/>, or for
/// <see cref="Initializer.Default"/> by its module's default (<see cref="Init"/>, <see cref="Bound"/>), then <see cref="Fill"/>.
/// </summary>
internal sealed record ParameterDeclaration(string Name, int[] Shape, InitKind Init, float Bound, Initializer Scheme = Initializer.Default, ParameterFill? Fill = null);
