using System;

namespace ModelCompiler.Runtime;

/// <summary>
/// The optimizer's hyperparameters, initialized from the model's attributes and changeable between steps
/// (learning-rate schedules set <see cref="LearningRate"/>). Names and defaults follow <c>torch.optim</c>. Every
/// setter applies the attributes' compile-time rules (MC0018; only a learning rate of 0, which a schedule may reach,
/// is allowed here too), so no value set here turns the parameters into NaN on the next update.
/// </summary>
public sealed class OptimizerSettings
{
    private float _learningRate, _momentum, _beta1, _beta2, _epsilon, _weightDecay, _alpha, _clipMax;
    private ClipKind _clip;
    private long _stepCount;

    internal OptimizerSettings(OptimizerSpec spec, ClipSpec? clip)
    {
        Kind = spec.Kind;
        LearningRate = spec.LearningRate;
        Momentum = spec.Momentum;
        Beta1 = spec.Beta1;
        Beta2 = spec.Beta2;
        Epsilon = spec.Epsilon;
        WeightDecay = spec.WeightDecay;
        Alpha = spec.Alpha;
        Nesterov = spec.Nesterov;
        Clip = clip?.Kind ?? ClipKind.None;
        if (clip is not null) ClipMax = clip.Max;
    }

    /// <summary>The optimizer the model declares.</summary>
    public OptimizerKind Kind { get; }

    /// <summary>Finite and ≥ 0 (a schedule may reach 0).</summary>
    public float LearningRate
    {
        get => _learningRate;
        set => _learningRate = Require(value, nameof(LearningRate), float.IsFinite(value) && value >= 0, "finite and >= 0");
    }

    /// <summary>SGD's and RMSprop's momentum, in [0, 1).</summary>
    public float Momentum
    {
        get => _momentum;
        set => _momentum = RequireUnitInterval(value, nameof(Momentum));
    }

    /// <summary>Adam's β₁, in [0, 1).</summary>
    public float Beta1
    {
        get => _beta1;
        set => _beta1 = RequireUnitInterval(value, nameof(Beta1));
    }

    /// <summary>Adam's β₂, in [0, 1).</summary>
    public float Beta2
    {
        get => _beta2;
        set => _beta2 = RequireUnitInterval(value, nameof(Beta2));
    }

    /// <summary>Adam's and RMSprop's ε, finite and &gt; 0 (0 would divide 0 by 0 where a gradient is 0).</summary>
    public float Epsilon
    {
        get => _epsilon;
        set => _epsilon = Require(value, nameof(Epsilon), float.IsFinite(value) && value > 0, "finite and > 0");
    }

    /// <summary>L2 penalty (Adam, SGD, RMSprop) or decoupled decay (AdamW), finite and ≥ 0.</summary>
    public float WeightDecay
    {
        get => _weightDecay;
        set => _weightDecay = Require(value, nameof(WeightDecay), float.IsFinite(value) && value >= 0, "finite and >= 0");
    }

    /// <summary>RMSprop smoothing constant, in [0, 1).</summary>
    public float Alpha
    {
        get => _alpha;
        set => _alpha = RequireUnitInterval(value, nameof(Alpha));
    }

    /// <summary>Nesterov momentum (SGD).</summary>
    public bool Nesterov { get; set; }

    /// <summary>Gradient clipping applied before each update.</summary>
    public ClipKind Clip
    {
        get => _clip;
        set => _clip = Enum.IsDefined(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(Clip), $"Clip must be ClipKind.None, Norm or Value, but is {(int)value}.");
    }

    /// <summary>
    /// Largest global norm (<see cref="ClipKind.Norm"/>) or absolute value (<see cref="ClipKind.Value"/>): &gt; 0
    /// (infinity clips nothing); 0 until set when the model declares no clipping.
    /// </summary>
    public float ClipMax
    {
        get => _clipMax;
        set => _clipMax = Require(value, nameof(ClipMax), value > 0, "> 0");
    }

    /// <summary>Updates applied so far (Adam's bias correction uses it); restored from checkpoints.</summary>
    public long StepCount
    {
        get => _stepCount;
        set => _stepCount = value >= 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(StepCount), $"StepCount must be >= 0, but is {value}.");
    }

    /// <summary>Whether <paramref name="value"/> is a learning rate <see cref="LearningRate"/> accepts.</summary>
    internal static bool IsValidLearningRate(float value) => float.IsFinite(value) && value >= 0;

    private static float RequireUnitInterval(float value, string name) => Require(value, name, value >= 0 && value < 1, "in [0, 1)");

    private static float Require(float value, string name, bool valid, string rule) =>
        valid ? value : throw new ArgumentOutOfRangeException(name, $"{name} must be {rule}, but is {value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}; the optimizer keeps its previous value.");
}
