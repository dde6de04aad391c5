using System;
using System.Runtime.InteropServices;
using ModelCompiler.Runtime.Memory;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Training;

/// <summary>
/// One update of every parameter from its gradient, as <c>torch.optim</c> computes it (single-tensor
/// implementations). Works on the whole flat parameter storage at once; the storage length is a multiple of 16,
/// so vectors need no tail, and padding entries stay zero (zero gradient, zero state).
/// </summary>
internal sealed class Optimizer
{
    private readonly AlignedBuffer _first;   // SGD/RMSprop momentum buffer, Adam exp_avg
    private readonly AlignedBuffer _second;  // Adam exp_avg_sq, RMSprop square_avg

    public Optimizer(OptimizerSettings settings, int length)
    {
        Settings = settings;
        _first = new AlignedBuffer(length);
        _second = new AlignedBuffer(length);
    }

    public OptimizerSettings Settings { get; }

    /// <summary>State tensors by name, for checkpoints.</summary>
    public AlignedBuffer FirstMoment => _first;
    public AlignedBuffer SecondMoment => _second;

    public void Reset()
    {
        _first.Span.Clear();
        _second.Span.Clear();
        Settings.StepCount = 0;
    }

    public void Update<TIsa, TVec>(Span<float> parameters, ReadOnlySpan<float> gradients)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        Settings.StepCount++;
        switch (Settings.Kind)
        {
            case OptimizerKind.Sgd: Sgd<TIsa, TVec>(parameters, gradients); break;
            case OptimizerKind.RmsProp: RmsProp<TIsa, TVec>(parameters, gradients); break;
            default: Adam<TIsa, TVec>(parameters, gradients, decoupled: Settings.Kind == OptimizerKind.AdamW); break;
        }
    }

    private void Sgd<TIsa, TVec>(Span<float> parameters, ReadOnlySpan<float> gradients)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float buffer = ref MemoryMarshal.GetReference(_first.Span);
        TVec learningRate = TIsa.Broadcast(Settings.LearningRate);
        TVec decay = TIsa.Broadcast(Settings.WeightDecay);
        TVec momentum = TIsa.Broadcast(Settings.Momentum);
        bool useMomentum = Settings.Momentum != 0f, first = Settings.StepCount == 1, nesterov = Settings.Nesterov;
        for (nuint j = 0; j < (nuint)parameters.Length; j += (nuint)TIsa.Width)
        {
            TVec param = TIsa.Load(ref p, j);
            TVec grad = TIsa.MultiplyAdd(decay, param, TIsa.Load(ref g, j));
            if (useMomentum)
            {
                // buf = grad on the first step, then momentum·buf + grad (dampening 0).
                TVec buf = first ? grad : TIsa.MultiplyAdd(momentum, TIsa.Load(ref buffer, j), grad);
                TIsa.Store(buf, ref buffer, j);
                grad = nesterov ? TIsa.MultiplyAdd(momentum, buf, grad) : buf;
            }
            TIsa.Store(TIsa.Subtract(param, TIsa.Multiply(learningRate, grad)), ref p, j);
        }
    }

    private void Adam<TIsa, TVec>(Span<float> parameters, ReadOnlySpan<float> gradients, bool decoupled)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float m = ref MemoryMarshal.GetReference(_first.Span);
        ref float v = ref MemoryMarshal.GetReference(_second.Span);
        double step = Settings.StepCount;
        float lr = Settings.LearningRate, beta1 = Settings.Beta1, beta2 = Settings.Beta2;
        double biasCorrection1 = 1 - Math.Pow(beta1, step);
        double biasCorrection2 = 1 - Math.Pow(beta2, step);
        TVec stepSize = TIsa.Broadcast((float)(lr / biasCorrection1));
        TVec inverseSqrtCorrection2 = TIsa.Broadcast((float)(1 / Math.Sqrt(biasCorrection2)));
        TVec epsilon = TIsa.Broadcast(Settings.Epsilon);
        TVec oneMinusBeta1 = TIsa.Broadcast(1f - beta1);
        TVec beta2Vector = TIsa.Broadcast(beta2);
        TVec oneMinusBeta2 = TIsa.Broadcast(1f - beta2);
        TVec decay = TIsa.Broadcast(Settings.WeightDecay);
        TVec decoupledScale = TIsa.Broadcast(1f - lr * Settings.WeightDecay);
        for (nuint j = 0; j < (nuint)parameters.Length; j += (nuint)TIsa.Width)
        {
            TVec param = TIsa.Load(ref p, j);
            TVec grad = TIsa.Load(ref g, j);
            if (decoupled) param = TIsa.Multiply(param, decoupledScale);        // AdamW: p ← p·(1 − lr·λ)
            else grad = TIsa.MultiplyAdd(decay, param, grad);                     // Adam: g ← g + λ·p
            TVec mean = TIsa.Load(ref m, j);
            mean = TIsa.MultiplyAdd(oneMinusBeta1, TIsa.Subtract(grad, mean), mean); // lerp(m, g, 1 − β1)
            TVec square = TIsa.MultiplyAdd(oneMinusBeta2, TIsa.Multiply(grad, grad), TIsa.Multiply(beta2Vector, TIsa.Load(ref v, j)));
            TVec denominator = TIsa.Add(TIsa.Multiply(TIsa.Sqrt(square), inverseSqrtCorrection2), epsilon);
            TIsa.Store(mean, ref m, j);
            TIsa.Store(square, ref v, j);
            TIsa.Store(TIsa.Subtract(param, TIsa.Multiply(stepSize, TIsa.Divide(mean, denominator))), ref p, j);
        }
    }

    private void RmsProp<TIsa, TVec>(Span<float> parameters, ReadOnlySpan<float> gradients)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float buffer = ref MemoryMarshal.GetReference(_first.Span);
        ref float average = ref MemoryMarshal.GetReference(_second.Span);
        TVec learningRate = TIsa.Broadcast(Settings.LearningRate);
        TVec alpha = TIsa.Broadcast(Settings.Alpha);
        TVec oneMinusAlpha = TIsa.Broadcast(1f - Settings.Alpha);
        TVec epsilon = TIsa.Broadcast(Settings.Epsilon);
        TVec decay = TIsa.Broadcast(Settings.WeightDecay);
        TVec momentum = TIsa.Broadcast(Settings.Momentum);
        bool useMomentum = Settings.Momentum > 0f;
        for (nuint j = 0; j < (nuint)parameters.Length; j += (nuint)TIsa.Width)
        {
            TVec param = TIsa.Load(ref p, j);
            TVec grad = TIsa.MultiplyAdd(decay, param, TIsa.Load(ref g, j));
            TVec square = TIsa.MultiplyAdd(oneMinusAlpha, TIsa.Multiply(grad, grad), TIsa.Multiply(alpha, TIsa.Load(ref average, j)));
            TIsa.Store(square, ref average, j);
            TVec scaled = TIsa.Divide(grad, TIsa.Add(TIsa.Sqrt(square), epsilon));
            if (useMomentum)
            {
                scaled = TIsa.MultiplyAdd(momentum, TIsa.Load(ref buffer, j), scaled);
                TIsa.Store(scaled, ref buffer, j);
            }
            TIsa.Store(TIsa.Subtract(param, TIsa.Multiply(learningRate, scaled)), ref p, j);
        }
    }
}
