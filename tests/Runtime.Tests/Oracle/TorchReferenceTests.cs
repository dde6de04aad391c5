using System;
using System.Collections.Generic;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Oracle;

/// <summary>
/// Checks the oracle itself against values computed by hand in double, so a disagreement with the engine can be
/// blamed on the engine. Values are given as floats (what the engine stores) and widened for the hand math.
/// </summary>
public sealed class TorchReferenceTests
{
    private const double Tight = 1e-12;

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static NetworkSpec Spec(int input, int steps, LayerSpec[] layers, LossKind? loss = null, OptimizerSpec? optimizer = null, ClipSpec? clip = null) =>
        new(input, steps, VariableLength: false, BatchSize: 4, Seed: 1, layers, loss is { } k ? new LossSpec(k) : null, optimizer, clip);

    private static Dictionary<string, float[]> Rnn1(string name, float wih, float whh, float bih, float bhh, string suffix = "") => new()
    {
        [$"{name}.weight_ih_l0{suffix}"] = [wih],
        [$"{name}.weight_hh_l0{suffix}"] = [whh],
        [$"{name}.bias_ih_l0{suffix}"] = [bih],
        [$"{name}.bias_hh_l0{suffix}"] = [bhh],
    };

    [Fact]
    public void RnnTwoStepsMatchesHandComputation()
    {
        float wih = 0.5f, whh = -0.3f, bih = 0.1f, bhh = 0.2f, x1 = 0.7f, x2 = -0.4f;
        double h1 = Math.Tanh(wih * (double)x1 + bih + bhh);
        double h2 = Math.Tanh(wih * (double)x2 + bih + bhh + whh * h1);
        var parameters = Rnn1("rnn", wih, whh, bih, bhh);
        var batch = new OracleBatch(1, Features: [x1, x2]);

        var last = new TorchReference(Spec(1, 2, [new RecurrentSpec("rnn", CellKind.Rnn, 1)]), parameters);
        var sequence = new TorchReference(Spec(1, 2, [new RecurrentSpec("rnn", CellKind.Rnn, 1, ReturnSequences: true)]), parameters);

        Assert.False(last.SequenceOutput);
        Near(new[] { h2 }, last.Forward(batch));
        Assert.True(sequence.SequenceOutput);
        Near(new[] { h1, h2 }, sequence.Forward(batch));
    }

    [Fact]
    public void ReluRnnUsesRelu()
    {
        var spec = Spec(1, 1, [new RecurrentSpec("rnn", CellKind.Rnn, 1, Activation: Activation.Relu)]);
        var reference = new TorchReference(spec, Rnn1("rnn", 2f, 0f, 0f, 0f));
        Near(new[] { 3.0, 0.0 }, reference.Forward(new OracleBatch(2, Features: [1.5f, -1.5f])));
    }

    [Fact]
    public void RnnBackpropagationThroughTimeMatchesHandComputation()
    {
        float wih = 0.5f, whh = -0.3f, bih = 0.1f, bhh = 0.2f, x1 = 0.7f, x2 = -0.4f, target = 0.25f;
        double h1 = Math.Tanh(wih * (double)x1 + bih + bhh);
        double h2 = Math.Tanh(wih * (double)x2 + bih + bhh + whh * h1);
        // L = (h2 - t)^2; δ = dL/d(pre-activation) at each step.
        double delta2 = 2 * (h2 - target) * (1 - h2 * h2);
        double delta1 = delta2 * whh * (1 - h1 * h1);
        var spec = Spec(1, 2, [new RecurrentSpec("rnn", CellKind.Rnn, 1)], LossKind.Mse);

        OracleGradients result = new TorchReference(spec, Rnn1("rnn", wih, whh, bih, bhh))
            .Gradients(new OracleBatch(1, Features: [x1, x2], FloatTargets: [target]));

        Assert.Equal((h2 - target) * (h2 - target), result.Loss, Tight);
        Assert.Equal(delta2 * x2 + delta1 * x1, result.Gradients["rnn.weight_ih_l0"][0], Tight);
        Assert.Equal(delta2 * h1, result.Gradients["rnn.weight_hh_l0"][0], Tight);
        Assert.Equal(delta2 + delta1, result.Gradients["rnn.bias_ih_l0"][0], Tight);
        Assert.Equal(delta2 + delta1, result.Gradients["rnn.bias_hh_l0"][0], Tight);
    }

    [Fact]
    public void LstmUsesPyTorchGateOrder()
    {
        // Distinct weights per gate (i, f, g, o) and a recurrent weight of zero: any other gate order changes h.
        float[] wih = [0.1f, 0.2f, 0.3f, 0.4f], bih = [0.05f, -0.1f, 0.15f, -0.2f];
        float x1 = 1f, x2 = 2f;
        double c = 0, h = 0;
        foreach (float x in new[] { x1, x2 })
        {
            double i = Sigmoid(wih[0] * (double)x + bih[0]), f = Sigmoid(wih[1] * (double)x + bih[1]);
            double g = Math.Tanh(wih[2] * (double)x + bih[2]), o = Sigmoid(wih[3] * (double)x + bih[3]);
            c = f * c + i * g;
            h = o * Math.Tanh(c);
        }
        var parameters = new Dictionary<string, float[]>
        {
            ["lstm.weight_ih_l0"] = wih, ["lstm.weight_hh_l0"] = new float[4],
            ["lstm.bias_ih_l0"] = bih, ["lstm.bias_hh_l0"] = new float[4],
        };
        var reference = new TorchReference(Spec(1, 2, [new RecurrentSpec("lstm", CellKind.Lstm, 1)]), parameters);
        Near(new[] { h }, reference.Forward(new OracleBatch(1, Features: [x1, x2])));
    }

    [Fact]
    public void GruUsesPyTorchGateOrderAndResetAfterProduct()
    {
        float[] wih = [0.1f, 0.2f, 0.3f], whh = [0.4f, 0.5f, 0.6f], bih = [0.01f, 0.02f, 0.03f], bhh = [0.04f, 0.05f, 0.06f];
        double h = 0;
        foreach (float x in new[] { 0.8f, -0.6f })
        {
            double r = Sigmoid(wih[0] * (double)x + bih[0] + whh[0] * h + bhh[0]);
            double z = Sigmoid(wih[1] * (double)x + bih[1] + whh[1] * h + bhh[1]);
            double n = Math.Tanh(wih[2] * (double)x + bih[2] + r * (whh[2] * h + bhh[2]));
            h = (1 - z) * n + z * h;
        }
        var parameters = new Dictionary<string, float[]>
        {
            ["gru.weight_ih_l0"] = wih, ["gru.weight_hh_l0"] = whh, ["gru.bias_ih_l0"] = bih, ["gru.bias_hh_l0"] = bhh,
        };
        var reference = new TorchReference(Spec(1, 2, [new RecurrentSpec("gru", CellKind.Gru, 1)]), parameters);
        Near(new[] { h }, reference.Forward(new OracleBatch(1, Features: [0.8f, -0.6f])));
    }

    [Fact]
    public void BidirectionalManyToOneIsFinalStateNotLastOutput()
    {
        float[] xs = [0.3f, -0.9f, 0.5f];
        var parameters = Rnn1("rnn", 0.7f, 0.4f, 0.1f, -0.05f);
        foreach ((string name, float[] value) in Rnn1("rnn", -0.6f, 0.9f, 0.2f, 0.0f, "_reverse")) parameters[name] = value;
        double Step(double x, double h, bool reverse) => reverse
            ? Math.Tanh(-0.6f * x + 0.2f + 0.0f + 0.9f * h)
            : Math.Tanh(0.7f * x + 0.1f + -0.05f + 0.4f * h);
        double forward = 0, backward = 0;
        foreach (float x in xs) forward = Step(x, forward, reverse: false);
        for (int t = xs.Length - 1; t >= 0; t--) backward = Step(xs[t], backward, reverse: true);
        double reverseAtLastStep = Step(xs[^1], 0, reverse: true);

        var finalState = new TorchReference(Spec(1, 3, [new RecurrentSpec("rnn", CellKind.Rnn, 1, Bidirectional: true)]), parameters);
        var sequence = new TorchReference(Spec(1, 3, [new RecurrentSpec("rnn", CellKind.Rnn, 1, Bidirectional: true, ReturnSequences: true)]), parameters);

        Near(new[] { forward, backward }, finalState.Forward(new OracleBatch(1, Features: xs)));
        double[] steps = sequence.Forward(new OracleBatch(1, Features: xs));
        Near(new[] { forward, reverseAtLastStep }, steps[4..6]);
        Assert.Equal(backward, steps[1], Tight);
    }

    [Fact]
    public void VariableLengthPadsWithZerosAndMasksTheLoss()
    {
        float wih = 0.5f, whh = -0.3f, bih = 0.1f, bhh = 0.2f;
        var parameters = Rnn1("rnn", wih, whh, bih, bhh);
        float[] features = [0.7f, -0.4f, 0.2f, /* second sequence, length 2: */ 0.1f, 0.9f, 123f];
        double Run(float x, double h) => Math.Tanh(wih * (double)x + bih + bhh + whh * h);
        double a1 = Run(0.7f, 0), a2 = Run(-0.4f, a1), a3 = Run(0.2f, a2);
        double b1 = Run(0.1f, 0), b2 = Run(0.9f, b1);
        var layers = new LayerSpec[] { new RecurrentSpec("rnn", CellKind.Rnn, 1, ReturnSequences: true) };
        var spec = new NetworkSpec(1, 3, VariableLength: true, BatchSize: 2, Seed: 1, layers, new LossSpec(LossKind.Mse));
        float[] targets = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 99f];
        var batch = new OracleBatch(2, Features: features, Lengths: [3, 2], FloatTargets: targets);

        var reference = new TorchReference(spec, parameters);

        Near(new[] { a1, a2, a3, b1, b2, 0 }, reference.Forward(batch));
        double expectedLoss = (Sq(a1 - 0.1f) + Sq(a2 - 0.2f) + Sq(a3 - 0.3f) + Sq(b1 - 0.4f) + Sq(b2 - 0.5f)) / 5;
        Assert.Equal(expectedLoss, reference.Gradients(batch).Loss, Tight);
        // Many-to-one on the same batch: each sequence's last real step.
        var manyToOne = new TorchReference(spec with { Layers = [new RecurrentSpec("rnn", CellKind.Rnn, 1)], Loss = null }, parameters);
        Near(new[] { a3, b2 }, manyToOne.Forward(batch with { FloatTargets = null }));
    }

    [Fact]
    public void DenseMseGradientMatchesHandComputation()
    {
        float[] w = [0.5f, -1f, 0.25f, 2f], bias = [0.1f, -0.2f], x = [1f, 2f, -1f, 0.5f], t = [0.3f, -0.7f, 1.1f, 0.2f];
        var parameters = new Dictionary<string, float[]> { ["head.weight"] = w, ["head.bias"] = bias };
        var spec = Spec(2, 1, [new DenseSpec("head", 2)], LossKind.Mse);
        // y[b, o] = Σ_i w[o, i] x[b, i] + bias[o]; L = mean over the 4 outputs of (y - t)^2.
        var dW = new double[4];
        var db = new double[2];
        double loss = 0;
        for (int b = 0; b < 2; b++)
            for (int o = 0; o < 2; o++)
            {
                double y = w[o * 2] * (double)x[b * 2] + w[o * 2 + 1] * (double)x[b * 2 + 1] + bias[o];
                double e = y - t[b * 2 + o];
                loss += e * e / 4;
                db[o] += 2 * e / 4;
                dW[o * 2] += 2 * e / 4 * x[b * 2];
                dW[o * 2 + 1] += 2 * e / 4 * x[b * 2 + 1];
            }

        OracleGradients result = new TorchReference(spec, parameters).Gradients(new OracleBatch(2, Features: x, FloatTargets: t));

        Assert.Equal(loss, result.Loss, Tight);
        Near(dW, result.Gradients["head.weight"]);
        Near(db, result.Gradients["head.bias"]);
    }

    [Fact]
    public void CrossEntropyIsOnLogitsEvenWithSoftmaxOutput()
    {
        // Dense(3) with identity weights: the logits are the inputs.
        var parameters = new Dictionary<string, float[]> { ["head.weight"] = [1, 0, 0, 0, 1, 0, 0, 0, 1], ["head.bias"] = new float[3] };
        float[] x = [1f, 2f, 0.5f, -1f, 0f, 3f];
        int[] classes = [1, 2];
        var spec = Spec(3, 1, [new DenseSpec("head", 3, Activation.Softmax)], LossKind.CrossEntropy);
        double expected = 0;
        var softmax = new double[6];
        var biasGradient = new double[3];
        for (int b = 0; b < 2; b++)
        {
            double sum = 0;
            for (int k = 0; k < 3; k++) sum += Math.Exp(x[b * 3 + k]);
            for (int k = 0; k < 3; k++) softmax[b * 3 + k] = Math.Exp(x[b * 3 + k]) / sum;
            expected += -Math.Log(softmax[b * 3 + classes[b]]) / 2;
            for (int k = 0; k < 3; k++) biasGradient[k] += (softmax[b * 3 + k] - (k == classes[b] ? 1 : 0)) / 2;
        }
        var reference = new TorchReference(spec, parameters);
        var batch = new OracleBatch(2, Features: x, ClassTargets: classes);

        Near(softmax, reference.Forward(batch));
        OracleGradients result = reference.Gradients(batch);
        Assert.Equal(expected, result.Loss, Tight);
        Near(biasGradient, result.Gradients["head.bias"]);
    }

    [Fact]
    public void BinaryCrossEntropyAndMaeMatchHandComputation()
    {
        var parameters = new Dictionary<string, float[]> { ["head.weight"] = [1f], ["head.bias"] = [0f] };
        float[] z = [0.8f, -2f];
        float[] t = [1f, 0.25f];
        double bce = 0, mae = 0;
        for (int b = 0; b < 2; b++)
        {
            double p = Sigmoid(z[b]);
            bce += -(t[b] * Math.Log(p) + (1 - t[b]) * Math.Log(1 - p)) / 2;
            mae += Math.Abs(z[b] - (double)t[b]) / 2;
        }
        var batch = new OracleBatch(2, Features: z, FloatTargets: t);

        var bceReference = new TorchReference(Spec(1, 1, [new DenseSpec("head", 1, Activation.Sigmoid)], LossKind.BinaryCrossEntropy), parameters);
        var maeReference = new TorchReference(Spec(1, 1, [new DenseSpec("head", 1)], LossKind.Mae), parameters);

        Near(new[] { Sigmoid(z[0]), Sigmoid(z[1]) }, bceReference.Forward(batch));
        Assert.Equal(bce, bceReference.Gradients(batch).Loss, Tight);
        Assert.Equal(mae, maeReference.Gradients(batch).Loss, Tight);
    }

    [Fact]
    public void EmbeddingLooksUpRows()
    {
        var parameters = new Dictionary<string, float[]>
        {
            ["embed.weight"] = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f],
            ["head.weight"] = [1f, 10f],
            ["head.bias"] = [0f],
        };
        var spec = Spec(1, 2, [new EmbeddingSpec("embed", 3, 2), new DenseSpec("head", 1)]);
        double[] output = new TorchReference(spec, parameters).Forward(new OracleBatch(1, Tokens: [2, 0]));
        Near(new[] { 0.5f + 10.0 * 0.6f, 0.1f + 10.0 * 0.2f }, output);
    }

    [Fact]
    public void SgdWithMomentumAndClipNormFollowPyTorch()
    {
        // One weight and a bias, L = (w x + b - t)^2; the norm clip scales both gradients together.
        float w0 = 0.5f, b0 = 0.1f, x = 2f, t = 3f, lr = 0.1f, momentum = 0.9f, max = 1f;
        var spec = Spec(1, 1, [new DenseSpec("head", 1)], LossKind.Mse,
            new OptimizerSpec(OptimizerKind.Sgd, lr, Momentum: momentum), new ClipSpec(ClipKind.Norm, max));
        double w = w0, b = b0, bufferW = 0, bufferB = 0;
        for (int step = 0; step < 2; step++)
        {
            double e = w * x + b - t;
            double gw = 2 * e * x, gb = 2 * e;
            double norm = Math.Sqrt(gw * gw + gb * gb);
            double scale = Math.Min(1, max / (norm + 1e-6));
            gw *= scale;
            gb *= scale;
            bufferW = step == 0 ? gw : momentum * bufferW + gw;
            bufferB = step == 0 ? gb : momentum * bufferB + gb;
            w -= lr * bufferW;
            b -= lr * bufferB;
        }
        var parameters = new Dictionary<string, float[]> { ["head.weight"] = [w0], ["head.bias"] = [b0] };

        OracleTraining result = new TorchReference(spec, parameters).Train(new OracleBatch(1, Features: [x], FloatTargets: [t]), 2);

        Assert.Equal(Sq(w0 * (double)x + b0 - t), result.Losses[0], Tight);
        Assert.Equal(w, result.Parameters["head.weight"][0], Tight);
        Assert.Equal(b, result.Parameters["head.bias"][0], Tight);
    }

    [Fact]
    public void AdamFirstStepAndClipValueFollowPyTorch()
    {
        float w0 = 0.5f, x = 2f, t = 3f, lr = 0.01f, max = 0.5f;
        var spec = Spec(1, 1, [new DenseSpec("head", 1)], LossKind.Mse,
            new OptimizerSpec(OptimizerKind.Adam, lr, Beta1: 0.8f, Beta2: 0.9f), new ClipSpec(ClipKind.Value, max));
        double g = Math.Clamp(2 * (w0 * (double)x - t) * x, -max, max);
        // First Adam step with bias correction: m̂ = g, v̂ = g², so the update is lr·g / (|g| + eps).
        double expected = w0 - lr * g / (Math.Abs(g) + 1e-8f);
        var parameters = new Dictionary<string, float[]> { ["head.weight"] = [w0], ["head.bias"] = [0f] };

        OracleTraining result = new TorchReference(spec, parameters).Train(new OracleBatch(1, Features: [x], FloatTargets: [t]), 1);

        Assert.Equal(expected, result.Parameters["head.weight"][0], Tight);
    }

    [Fact]
    public void MismatchedParametersAreRejectedByName()
    {
        var spec = Spec(1, 1, [new DenseSpec("head", 1)]);
        var error = Assert.Throws<ArgumentException>(() => new TorchReference(spec, new Dictionary<string, float[]> { ["head.weight"] = [1f], ["extra"] = [1f] }));
        Assert.Contains("head.bias", error.Message);
        Assert.Contains("extra", error.Message);
    }

    private static double Sq(double x) => x * x;

    private static void Near(double[] expected, double[] actual) => OracleAssert.Close("oracle", expected, actual, 0, Tight);
}
