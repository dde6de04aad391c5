using System;

namespace ModelCompiler.Benchmarks.Reference;

/// <summary>The plain C# reference of <c>nn.Linear</c> without activation, batch 1.</summary>
public sealed class ScalarDense
{
    private readonly int _input, _units;
    private readonly float[] _weight, _bias;

    /// <summary>Copies the weights of the engine's Dense layer <paramref name="name"/>.</summary>
    public ScalarDense(ParameterSet parameters, string name, int input, int units)
    {
        _input = input;
        _units = units;
        _weight = ReferenceWeights.Copy(parameters, name + ".weight");
        _bias = ReferenceWeights.Copy(parameters, name + ".bias");
    }

    /// <summary>y = W·x + b.</summary>
    public void Apply(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int u = 0; u < _units; u++)
        {
            float sum = _bias[u];
            for (int k = 0; k < _input; k++) sum += _weight[u * _input + k] * x[k];
            y[u] = sum;
        }
    }
}
