using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelCompiler.Runtime.Tests.Oracle;

/// <summary>
/// Test oracle: what PyTorch (libtorch through TorchSharp, float64) computes for a <see cref="NetworkSpec"/> with
/// given parameters (PyTorch names and layouts, SPEC §4). Every call starts from those parameters, so calls are
/// independent. Variable-length sequences are run one at a time (equivalent to pack_padded_sequence); padded
/// output steps are zero and add nothing to the loss.
/// </summary>
public sealed class TorchReference
{
    private readonly NetworkSpec _spec;
    private readonly IReadOnlyDictionary<string, float[]> _parameters;

    public TorchReference(NetworkSpec spec, IReadOnlyDictionary<string, float[]> parameters)
    {
        _spec = spec;
        _parameters = parameters;
        // Build once now so a spec/parameter mismatch fails at construction, naming what is wrong.
        using var scope = NewDisposeScope();
        using var model = new TorchModel(spec, parameters);
        SequenceOutput = model.SequenceOutput;
    }

    /// <summary>
    /// PyTorch's default initialization of the equivalent modules (seeded), rounded to float: parameters for tests
    /// that need realistic values without an engine.
    /// </summary>
    public static Dictionary<string, float[]> DefaultParameters(NetworkSpec spec, long seed)
    {
        using var scope = NewDisposeScope();
        manual_seed(seed);
        using var model = new TorchModel(spec, parameters: null);
        return model.Parameters.ToDictionary(p => p.Key, p => ToArray(p.Value).Select(v => (float)v).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>True when outputs are <c>[batch, Steps, units]</c> rather than <c>[batch, units]</c>.</summary>
    public bool SequenceOutput { get; }

    /// <summary>Outputs after the declared activation (what <c>Forward</c>/<c>Predict</c> return), flattened row-major.</summary>
    public double[] Forward(OracleBatch batch)
    {
        using var scope = NewDisposeScope();
        using var model = new TorchModel(_spec, _parameters);
        using var _ = no_grad();
        return ToArray(RunBatch(model, batch).Output);
    }

    /// <summary>The mean loss and the gradient of every parameter.</summary>
    public OracleGradients Gradients(OracleBatch batch)
    {
        using var scope = NewDisposeScope();
        using var model = new TorchModel(_spec, _parameters);
        Tensor loss = Loss(model, batch);
        loss.backward();
        // A frozen parameter has no gradient in PyTorch; the engine reports zeros for it.
        var gradients = model.Parameters.ToDictionary(p => p.Key, p => p.Value.grad is { } grad ? ToArray(grad) : new double[p.Value.numel()], StringComparer.Ordinal);
        return new OracleGradients(loss.item<double>(), gradients);
    }

    /// <summary>
    /// <paramref name="steps"/> optimizer steps on the same batch, each: zero grads, loss, backward, the spec's
    /// clip, update — like the engine's <c>TrainStep</c>.
    /// </summary>
    public OracleTraining Train(OracleBatch batch, int steps)
    {
        OptimizerSpec settings = _spec.Optimizer ?? throw new InvalidOperationException("The spec has no optimizer.");
        using var scope = NewDisposeScope();
        using var model = new TorchModel(_spec, _parameters);
        Parameter[] parameters = model.Parameters.Values.ToArray();
        using optim.Optimizer optimizer = CreateOptimizer(settings, parameters);
        var losses = new double[steps];
        for (int step = 0; step < steps; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            Tensor loss = Loss(model, batch);
            loss.backward();
            Clip(parameters);
            optimizer.step();
            losses[step] = loss.item<double>();
        }
        var final = model.Parameters.ToDictionary(p => p.Key, p => ToArray(p.Value), StringComparer.Ordinal);
        return new OracleTraining(losses, final);
    }

    /// <returns>Outputs and logits of the whole batch, and 1 at each real (sequence, step) position, 0 at padding.</returns>
    private (Tensor Output, Tensor Logits, double[] StepMask) RunBatch(TorchModel model, OracleBatch batch)
    {
        int steps = _spec.Steps;
        var outputs = new List<Tensor>();
        var logits = new List<Tensor>();
        var mask = new double[batch.Batch * steps];
        for (int b = 0; b < batch.Batch; b++)
        {
            int length = batch.Lengths?[b] ?? steps;
            if (length < 1 || length > steps) throw new ArgumentException($"Length {length} of sequence {b} is outside 1..{steps}.");
            mask.AsSpan(b * steps, length).Fill(1);
            (Tensor output, Tensor logit) = model.Run(Sequence(batch, b, length));
            outputs.Add(PadSteps(output, steps - length));
            logits.Add(PadSteps(logit, steps - length));
        }
        return (cat(outputs, 0), cat(logits, 0), mask);
    }

    private Tensor Sequence(OracleBatch batch, int b, int length)
    {
        int steps = _spec.Steps;
        if (batch.Tokens is { } tokens)
            return tensor(tokens.AsSpan(b * steps, length).ToArray().Select(t => (long)t).ToArray(), new long[] { 1, length }, int64);
        float[] features = batch.Features ?? throw new ArgumentException("The batch has neither features nor tokens.");
        int size = _spec.InputSize;
        double[] x = features.AsSpan(b * steps * size, length * size).ToArray().Select(v => (double)v).ToArray();
        return tensor(x, new long[] { 1, length, size }, float64);
    }

    /// <summary>Appends zero steps to a <c>[1, length, units]</c> sequence; leaves per-sequence vectors alone.</summary>
    private Tensor PadSteps(Tensor x, int missing) =>
        !SequenceOutput || missing == 0 ? x : cat(new[] { x, zeros(1, missing, x.shape[2], float64) }, 1);

    private Tensor Loss(TorchModel model, OracleBatch batch)
    {
        LossKind kind = (_spec.Loss ?? throw new InvalidOperationException("The spec has no loss.")).Kind;
        (Tensor output, Tensor logits, double[] stepMask) = RunBatch(model, batch);
        // Real (batch, step) positions for sequence outputs; every sequence counts once otherwise.
        double[] weights = SequenceOutput ? stepMask : Enumerable.Repeat(1.0, batch.Batch).ToArray();
        long[] maskShape = SequenceOutput ? new long[] { batch.Batch, _spec.Steps } : new long[] { batch.Batch };
        Tensor mask = tensor(weights, maskShape, float64);
        if (kind == LossKind.CrossEntropy)
        {
            int[] classes = batch.ClassTargets ?? throw new ArgumentException("CrossEntropy needs class targets.");
            // Padded positions may hold any index; point them at class 0 so gather stays in range (they are masked).
            long[] safe = classes.Select((c, i) => weights[i] > 0 ? (long)c : 0L).ToArray();
            Tensor target = tensor(safe, maskShape, int64).unsqueeze(-1);
            Tensor picked = logits.log_softmax(-1).gather(-1, target).squeeze(-1);
            return -(picked * mask).sum() / mask.sum();
        }
        float[] values = batch.FloatTargets ?? throw new ArgumentException($"{kind} needs float targets.");
        Tensor targets = tensor(values.Select(v => (double)v).ToArray(), output.shape, float64);
        Tensor perElement = kind switch
        {
            LossKind.Mse => (output - targets).square(),
            LossKind.Mae => (output - targets).abs(),
            // BCEWithLogits in its stable form: max(z, 0) - z t + log(1 + e^-|z|).
            LossKind.BinaryCrossEntropy => logits.clamp_min(0) - logits * targets + logits.abs().neg().exp().log1p(),
            _ => throw new NotSupportedException($"Loss {kind}."),
        };
        Tensor elementMask = mask.unsqueeze(-1);
        return (perElement * elementMask).sum() / (mask.sum() * output.shape[^1]);
    }

    internal static optim.Optimizer CreateOptimizer(OptimizerSpec s, Parameter[] p) => s.Kind switch
    {
        OptimizerKind.Sgd => optim.SGD(p, s.LearningRate, momentum: s.Momentum, weight_decay: s.WeightDecay, nesterov: s.Nesterov),
        OptimizerKind.Adam => optim.Adam(p, s.LearningRate, beta1: s.Beta1, beta2: s.Beta2, eps: s.Epsilon, weight_decay: s.WeightDecay),
        OptimizerKind.AdamW => optim.AdamW(p, s.LearningRate, beta1: s.Beta1, beta2: s.Beta2, eps: s.Epsilon, weight_decay: s.WeightDecay),
        OptimizerKind.RmsProp => optim.RMSProp(p, s.LearningRate, alpha: s.Alpha, eps: s.Epsilon, weight_decay: s.WeightDecay, momentum: s.Momentum),
        _ => throw new NotSupportedException($"Optimizer {s.Kind}."),
    };

    private void Clip(Parameter[] parameters) => Clip(_spec.Clip, parameters);

    /// <summary>The declared clipping (PyTorch's <c>clip_grad_norm_</c> or <c>clip_grad_value_</c> over all of <paramref name="parameters"/>).</summary>
    internal static void Clip(ClipSpec? declared, Parameter[] parameters)
    {
        if (declared is not { } clip) return;
        switch (clip.Kind)
        {
            case ClipKind.Norm: nn.utils.clip_grad_norm_(parameters, clip.Max); break;
            case ClipKind.Value: nn.utils.clip_grad_value_(parameters, clip.Max); break;
        }
    }

    private static double[] ToArray(Tensor t) => t.detach().contiguous().data<double>().ToArray();
}
