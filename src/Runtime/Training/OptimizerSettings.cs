namespace ModelCompiler.Runtime;

/// <summary>
/// The optimizer's hyperparameters, initialized from the model's attributes and changeable between steps
/// (learning-rate schedules set <see cref="LearningRate"/>). Names and defaults follow <c>torch.optim</c>.
/// </summary>
public sealed class OptimizerSettings
{
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
        ClipMax = clip?.Max ?? 0f;
    }

    public OptimizerKind Kind { get; }
    public float LearningRate { get; set; }
    public float Momentum { get; set; }
    public float Beta1 { get; set; }
    public float Beta2 { get; set; }
    public float Epsilon { get; set; }
    public float WeightDecay { get; set; }
    /// <summary>RMSprop smoothing constant.</summary>
    public float Alpha { get; set; }
    public bool Nesterov { get; set; }
    /// <summary>Gradient clipping applied before each update.</summary>
    public ClipKind Clip { get; set; }
    /// <summary>Largest global norm (<see cref="ClipKind.Norm"/>) or absolute value (<see cref="ClipKind.Value"/>).</summary>
    public float ClipMax { get; set; }
    /// <summary>Updates applied so far (Adam's bias correction uses it); restored from checkpoints.</summary>
    public long StepCount { get; set; }
}
