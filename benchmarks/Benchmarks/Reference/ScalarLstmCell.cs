using System;

namespace ModelCompiler.Benchmarks.Reference;

/// <summary>
/// The plain C# reference of a PyTorch LSTM cell, batch 1: nested loops over row-major float[] weights
/// (gate order i, f, g, o), what a careful developer writes without SIMD.
/// </summary>
public sealed class ScalarLstmCell : IScalarCell
{
    private readonly int _input, _hidden;
    private readonly float[] _weightIh, _weightHh, _biasIh, _biasHh, _gates;

    /// <summary>Copies the weights of the engine's recurrent layer <paramref name="name"/> (one layer, one direction).</summary>
    public ScalarLstmCell(ParameterSet parameters, string name, int input, int hidden)
    {
        _input = input;
        _hidden = hidden;
        _weightIh = ReferenceWeights.Copy(parameters, name + ".weight_ih_l0");
        _weightHh = ReferenceWeights.Copy(parameters, name + ".weight_hh_l0");
        _biasIh = ReferenceWeights.Copy(parameters, name + ".bias_ih_l0");
        _biasHh = ReferenceWeights.Copy(parameters, name + ".bias_hh_l0");
        _gates = new float[4 * hidden];
        Hidden = new float[hidden];
        Cell = new float[hidden];
    }

    /// <summary>The hidden state h.</summary>
    public float[] Hidden { get; }

    /// <summary>The cell state c.</summary>
    public float[] Cell { get; }

    /// <summary>Zeroes the state.</summary>
    public void Reset()
    {
        Array.Clear(Hidden);
        Array.Clear(Cell);
    }

    /// <summary>One step: updates h and c from <paramref name="x"/>.</summary>
    public void Step(ReadOnlySpan<float> x)
    {
        for (int row = 0; row < 4 * _hidden; row++)
        {
            float sum = _biasIh[row] + _biasHh[row];
            for (int k = 0; k < _input; k++) sum += _weightIh[row * _input + k] * x[k];
            for (int k = 0; k < _hidden; k++) sum += _weightHh[row * _hidden + k] * Hidden[k];
            _gates[row] = sum;
        }
        for (int j = 0; j < _hidden; j++)
        {
            float i = Sigmoid(_gates[j]);
            float f = Sigmoid(_gates[_hidden + j]);
            float g = MathF.Tanh(_gates[2 * _hidden + j]);
            float o = Sigmoid(_gates[3 * _hidden + j]);
            Cell[j] = f * Cell[j] + i * g;
            Hidden[j] = o * MathF.Tanh(Cell[j]);
        }
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
