using System;
using ModelCompiler.Runtime.Data;

namespace ModelCompiler.Runtime.Fitting;

/// <summary>
/// Sums the loss and metric of <c>Network.Forward</c> outputs batch by batch, over real rows only (padded steps of
/// sequence outputs are skipped). Computed here rather than with <c>ComputeGradients</c> because evaluation must
/// run in inference mode (no dropout) and must not overwrite gradients. Sums run in double, in row order.
/// </summary>
internal sealed class EvaluationAccumulator
{
    private readonly LossKind _loss;
    private readonly Metric _metric;
    private readonly bool _probabilities; // the last layer applies softmax/sigmoid, so outputs are not logits
    private readonly bool _sequence;
    private readonly int _steps;
    private readonly int _width;
    private double _lossSum, _metricSum;
    private long _lossCount, _metricCount;

    public EvaluationAccumulator(Network network, Metric metric)
    {
        _loss = network.Spec.Loss!.Kind;
        _metric = metric;
        _probabilities = network.Spec.Layers[^1] is DenseSpec { Activation: Activation.Softmax or Activation.Sigmoid };
        _sequence = network.SequenceOutput;
        _steps = network.Spec.Steps;
        _width = network.OutputSize;
    }

    public void Reset() => (_lossSum, _metricSum, _lossCount, _metricCount) = (0, 0, 0, 0);

    public Evaluation Result()
    {
        double loss = _lossSum / _lossCount;
        double metric = _metric switch
        {
            Metric.Loss => loss,
            Metric.Rmse => Math.Sqrt(_metricSum / _metricCount),
            _ => _metricSum / _metricCount,
        };
        return new Evaluation(loss, metric);
    }

    /// <summary>Adds the outputs of <paramref name="batch"/> (<c>[Count, OutputSize]</c> or <c>[Count, Steps, OutputSize]</c>).</summary>
    public void Add(ReadOnlySpan<float> outputs, MiniBatch batch)
    {
        ReadOnlySpan<int> lengths = batch.Lengths;
        for (int b = 0; b < batch.Count; b++)
        {
            int rows = _sequence ? (lengths.IsEmpty ? _steps : lengths[b]) : 1;
            for (int t = 0; t < rows; t++)
            {
                int row = _sequence ? b * _steps + t : b;
                ReadOnlySpan<float> output = outputs.Slice(row * _width, _width);
                if (_loss == LossKind.CrossEntropy) AddClassRow(output, batch.Classes[row]);
                else AddValueRow(output, batch.Values.Slice(row * _width, _width));
            }
        }
    }

    private void AddClassRow(ReadOnlySpan<float> output, int target)
    {
        int best = 0;
        for (int i = 1; i < output.Length; i++) if (output[i] > output[best]) best = i;
        if (_probabilities)
        {
            _lossSum -= Math.Log(Math.Max(output[target], double.Epsilon));
        }
        else
        {
            double sum = 0;
            for (int i = 0; i < output.Length; i++) sum += Math.Exp(output[i] - output[best]);
            _lossSum += Math.Log(sum) - (output[target] - output[best]);
        }
        _lossCount++;
        if (best == target) _metricSum++;
        _metricCount++;
    }

    private void AddValueRow(ReadOnlySpan<float> output, ReadOnlySpan<float> targets)
    {
        for (int i = 0; i < output.Length; i++)
        {
            double x = output[i], y = targets[i];
            _lossSum += _loss switch
            {
                LossKind.Mse => (x - y) * (x - y),
                LossKind.Mae => Math.Abs(x - y),
                _ when _probabilities => -(y * Math.Log(Math.Max(x, double.Epsilon)) + (1 - y) * Math.Log(Math.Max(1 - x, double.Epsilon))),
                _ => Math.Max(x, 0) - x * y + Math.Log(1 + Math.Exp(-Math.Abs(x))),
            };
            _lossCount++;
            _metricSum += _metric switch
            {
                Metric.Rmse => (x - y) * (x - y),
                Metric.Mae => Math.Abs(x - y),
                Metric.Accuracy => (x > (_probabilities ? 0.5 : 0)) == (y >= 0.5) ? 1 : 0,
                _ => 0,
            };
            _metricCount++;
        }
    }
}
