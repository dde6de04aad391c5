using System;

namespace ModelCompiler.Benchmarks.Reference;

/// <summary>
/// The plain C# reference of a PyTorch GRU cell, batch 1: nested loops over row-major float[] weights
/// (gate order r, z, n; n = tanh(W_in·x + b_in + r·(W_hn·h + b_hn)), h' = (1 − z)·n + z·h).
/// </summary>
public sealed class ScalarGruCell : IScalarCell
{
    private readonly int _input, _hidden;
    private readonly float[] _weightIh, _weightHh, _biasIh, _biasHh, _fromInput, _fromHidden;

    /// <summary>Copies the weights of the engine's recurrent layer <paramref name="name"/> (one layer, one direction).</summary>
    public ScalarGruCell(ParameterSet parameters, string name, int input, int hidden)
    {
        _input = input;
        _hidden = hidden;
        _weightIh = ReferenceWeights.Copy(parameters, name + ".weight_ih_l0");
        _weightHh = ReferenceWeights.Copy(parameters, name + ".weight_hh_l0");
        _biasIh = ReferenceWeights.Copy(parameters, name + ".bias_ih_l0");
        _biasHh = ReferenceWeights.Copy(parameters, name + ".bias_hh_l0");
        _fromInput = new float[3 * hidden];
        _fromHidden = new float[3 * hidden];
        Hidden = new float[hidden];
    }

    /// <summary>The hidden state h.</summary>
    public float[] Hidden { get; }

    /// <summary>Zeroes the state.</summary>
    public void Reset() => Array.Clear(Hidden);

    /// <summary>One step: updates h from <paramref name="x"/>.</summary>
    public void Step(ReadOnlySpan<float> x)
    {
        for (int row = 0; row < 3 * _hidden; row++)
        {
            float fromInput = _biasIh[row];
            for (int k = 0; k < _input; k++) fromInput += _weightIh[row * _input + k] * x[k];
            float fromHidden = _biasHh[row];
            for (int k = 0; k < _hidden; k++) fromHidden += _weightHh[row * _hidden + k] * Hidden[k];
            _fromInput[row] = fromInput;
            _fromHidden[row] = fromHidden;
        }
        for (int j = 0; j < _hidden; j++)
        {
            float r = Sigmoid(_fromInput[j] + _fromHidden[j]);
            float z = Sigmoid(_fromInput[_hidden + j] + _fromHidden[_hidden + j]);
            float n = MathF.Tanh(_fromInput[2 * _hidden + j] + r * _fromHidden[2 * _hidden + j]);
            Hidden[j] = (1f - z) * n + z * Hidden[j];
        }
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
