using System;
using System.Runtime.InteropServices;
using ModelCompiler.Runtime.Memory;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Training;

/// <summary>
/// One update of every parameter from its gradient, as <c>torch.optim</c> computes it (single-tensor
/// implementations). Works on the flat parameter storage at once (from a 16-float group on, past a frozen embedding);
/// the storage length is a multiple of 16, so vectors need no tail, and padding entries stay zero (zero gradient, zero
/// state).
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

    /// <summary>
    /// One update; it counts a step in <see cref="Settings"/> unless <paramref name="countStep"/> is false: a second
    /// optimizer sharing the settings (an encoder's, <see cref="EncoderDecoder"/>) updates at the step the first counted.
    /// </summary>
    /// <param name="parameters">The parameters to update (the storage from <paramref name="offset"/> on).</param>
    /// <param name="gradients">Their gradients.</param>
    /// <param name="countStep">Whether this update counts a step.</param>
    /// <param name="offset">Where <paramref name="parameters"/> starts in the storage (a multiple of 16): the optimizer's
    /// state for them starts there too. Parameters before it are left alone (a frozen embedding).</param>
    public void Update<TIsa, TVec>(Span<float> parameters, ReadOnlySpan<float> gradients, bool countStep = true, int offset = 0)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        if (countStep) Settings.StepCount++;
        Run<TIsa, TVec, StorePass>(parameters, gradients, Settings.StepCount, offset);
    }

    /// <summary>
    /// Whether the next <see cref="Update{TIsa, TVec}"/> leaves every parameter finite: the same arithmetic with nothing
    /// stored (a read-only pass, ~0.1% of a training step), so an update that would overflow is refused before it
    /// changes anything (valid settings can still overflow: a learning rate of 1e30, huge unclipped gradients).
    /// </summary>
    public bool UpdateStaysFinite<TIsa, TVec>(ReadOnlySpan<float> parameters, ReadOnlySpan<float> gradients, int offset = 0)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
        // The check pass never writes through this span.
        => Run<TIsa, TVec, CheckPass>(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(parameters), parameters.Length), gradients, Settings.StepCount + 1, offset);

    /// <summary>Whether a pass of the optimizer stores its results (the update) or only checks that they are finite.</summary>
    private interface IUpdatePass
    {
        static abstract bool Stores { get; }
    }

    private readonly struct StorePass : IUpdatePass
    {
        public static bool Stores => true;
    }

    private readonly struct CheckPass : IUpdatePass
    {
        public static bool Stores => false;
    }

    private bool Run<TIsa, TVec, TPass>(Span<float> parameters, ReadOnlySpan<float> gradients, long step, int offset)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
        where TPass : struct, IUpdatePass
    {
        Span<float> first = _first.Span.Slice(offset), second = _second.Span.Slice(offset);
        TVec nonFinite = Settings.Kind switch
        {
            OptimizerKind.Sgd => Sgd<TIsa, TVec, TPass>(parameters, gradients, first, step),
            OptimizerKind.RmsProp => RmsProp<TIsa, TVec, TPass>(parameters, gradients, first, second),
            _ => Adam<TIsa, TVec, TPass>(parameters, gradients, first, second, step, decoupled: Settings.Kind == OptimizerKind.AdamW),
        };
        return TPass.Stores || AllZero<TIsa, TVec>(nonFinite);
    }

    /// <summary>The check pass's accumulator: x − x is 0 for a finite x and NaN for ±∞ or NaN, and NaN stays in the sum.</summary>
    private static TVec Accumulate<TIsa, TVec>(TVec nonFinite, TVec updated)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
        => TIsa.Add(nonFinite, TIsa.Subtract(updated, updated));

    private static bool AllZero<TIsa, TVec>(TVec value)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        Span<float> lanes = stackalloc float[TIsa.Width];
        TIsa.Store(value, ref MemoryMarshal.GetReference(lanes), 0);
        foreach (float lane in lanes)
        {
            if (lane != 0) return false; // NaN != 0 too
        }
        return true;
    }

    private TVec Sgd<TIsa, TVec, TPass>(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> momentumBuffer, long step)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
        where TPass : struct, IUpdatePass
    {
        TVec nonFinite = TIsa.Zero;
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float buffer = ref MemoryMarshal.GetReference(momentumBuffer);
        TVec learningRate = TIsa.Broadcast(Settings.LearningRate);
        TVec decay = TIsa.Broadcast(Settings.WeightDecay);
        TVec momentum = TIsa.Broadcast(Settings.Momentum);
        bool useMomentum = Settings.Momentum != 0f, first = step == 1, nesterov = Settings.Nesterov;
        for (nuint j = 0; j < (nuint)parameters.Length; j += (nuint)TIsa.Width)
        {
            TVec param = TIsa.Load(ref p, j);
            TVec grad = TIsa.MultiplyAdd(decay, param, TIsa.Load(ref g, j));
            if (useMomentum)
            {
                // buf = grad on the first step, then momentum·buf + grad (dampening 0).
                TVec buf = first ? grad : TIsa.MultiplyAdd(momentum, TIsa.Load(ref buffer, j), grad);
                if (TPass.Stores) TIsa.Store(buf, ref buffer, j);
                grad = nesterov ? TIsa.MultiplyAdd(momentum, buf, grad) : buf;
            }
            TVec updated = TIsa.Subtract(param, TIsa.Multiply(learningRate, grad));
            if (TPass.Stores) TIsa.Store(updated, ref p, j);
            else nonFinite = Accumulate<TIsa, TVec>(nonFinite, updated);
        }
        return nonFinite;
    }

    private TVec Adam<TIsa, TVec, TPass>(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> means, Span<float> squares, long step, bool decoupled)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
        where TPass : struct, IUpdatePass
    {
        TVec nonFinite = TIsa.Zero;
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float m = ref MemoryMarshal.GetReference(means);
        ref float v = ref MemoryMarshal.GetReference(squares);
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
            TVec updated = TIsa.Subtract(param, TIsa.Multiply(stepSize, TIsa.Divide(mean, denominator)));
            if (TPass.Stores)
            {
                TIsa.Store(mean, ref m, j);
                TIsa.Store(square, ref v, j);
                TIsa.Store(updated, ref p, j);
            }
            else
            {
                nonFinite = Accumulate<TIsa, TVec>(nonFinite, updated);
            }
        }
        return nonFinite;
    }

    private TVec RmsProp<TIsa, TVec, TPass>(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> momentumBuffer, Span<float> averages)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
        where TPass : struct, IUpdatePass
    {
        TVec nonFinite = TIsa.Zero;
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float buffer = ref MemoryMarshal.GetReference(momentumBuffer);
        ref float average = ref MemoryMarshal.GetReference(averages);
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
            if (TPass.Stores) TIsa.Store(square, ref average, j);
            TVec scaled = TIsa.Divide(grad, TIsa.Add(TIsa.Sqrt(square), epsilon));
            if (useMomentum)
            {
                scaled = TIsa.MultiplyAdd(momentum, TIsa.Load(ref buffer, j), scaled);
                if (TPass.Stores) TIsa.Store(scaled, ref buffer, j);
            }
            TVec updated = TIsa.Subtract(param, TIsa.Multiply(learningRate, scaled));
            if (TPass.Stores) TIsa.Store(updated, ref p, j);
            else nonFinite = Accumulate<TIsa, TVec>(nonFinite, updated);
        }
        return nonFinite;
    }
}
