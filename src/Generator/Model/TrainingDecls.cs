namespace ModelCompiler.Generator.Model
{
    /// <summary>Optimizer kind; names match <c>ModelCompiler.Runtime.OptimizerKind</c>.</summary>
    internal enum OptimizerKind { Sgd, Adam, AdamW, RmsProp }

    /// <summary>Clipping kind; names match <c>ModelCompiler.Runtime.ClipKind</c>.</summary>
    internal enum ClipKind { Norm = 1, Value = 2 }

    /// <summary><c>[Loss(kind)]</c>.</summary>
    internal sealed record LossDecl(int Attribute, LossKind Kind) : AttributeDecl(Attribute);

    /// <summary>An optimizer attribute with every hyperparameter resolved (unset ones take the attribute's defaults).</summary>
    internal sealed record OptimizerDecl(
        int Attribute,
        OptimizerKind Kind,
        float LearningRate,
        float Momentum,
        float Beta1,
        float Beta2,
        float Epsilon,
        float WeightDecay,
        float Alpha,
        bool Nesterov) : AttributeDecl(Attribute);

    /// <summary><c>[ClipGradNorm(max)]</c> or <c>[ClipGradValue(max)]</c>.</summary>
    internal sealed record ClipDecl(int Attribute, ClipKind Kind, float Max) : AttributeDecl(Attribute);
}
