using System;

namespace ModelCompiler
{
    /// <summary>Base of the optimizer attributes; a model has at most one.</summary>
    public abstract class OptimizerAttribute : Attribute
    {
        /// <summary>Learning rate (changeable at run time).</summary>
        public float LearningRate { get; set; }

        /// <summary>L2 penalty added to the gradient (decoupled decay for AdamW).</summary>
        public float WeightDecay { get; set; }
    }

    /// <summary>Stochastic gradient descent with optional momentum (PyTorch <c>optim.SGD</c>).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class SgdAttribute : OptimizerAttribute
    {
        /// <summary>Defaults: learning rate 0.01, no momentum.</summary>
        public SgdAttribute() => LearningRate = 0.01f;

        /// <summary>Momentum factor.</summary>
        public float Momentum { get; set; }

        /// <summary>Nesterov momentum.</summary>
        public bool Nesterov { get; set; }
    }

    /// <summary>Adam (PyTorch <c>optim.Adam</c>, defaults lr 1e-3, betas (0.9, 0.999), eps 1e-8).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class AdamAttribute : OptimizerAttribute
    {
        /// <summary>PyTorch defaults.</summary>
        public AdamAttribute() => LearningRate = 1e-3f;

        /// <summary>Decay of the first moment.</summary>
        public float Beta1 { get; set; } = 0.9f;

        /// <summary>Decay of the second moment.</summary>
        public float Beta2 { get; set; } = 0.999f;

        /// <summary>Added to the denominator.</summary>
        public float Epsilon { get; set; } = 1e-8f;
    }

    /// <summary>AdamW (PyTorch <c>optim.AdamW</c>, decoupled weight decay, default 1e-2).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class AdamWAttribute : OptimizerAttribute
    {
        /// <summary>PyTorch defaults.</summary>
        public AdamWAttribute()
        {
            LearningRate = 1e-3f;
            WeightDecay = 1e-2f;
        }

        /// <summary>Decay of the first moment.</summary>
        public float Beta1 { get; set; } = 0.9f;

        /// <summary>Decay of the second moment.</summary>
        public float Beta2 { get; set; } = 0.999f;

        /// <summary>Added to the denominator.</summary>
        public float Epsilon { get; set; } = 1e-8f;
    }

    /// <summary>RMSprop (PyTorch <c>optim.RMSprop</c>, defaults lr 1e-2, alpha 0.99, eps 1e-8).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class RmsPropAttribute : OptimizerAttribute
    {
        /// <summary>PyTorch defaults.</summary>
        public RmsPropAttribute() => LearningRate = 1e-2f;

        /// <summary>Smoothing constant of the squared-gradient average.</summary>
        public float Alpha { get; set; } = 0.99f;

        /// <summary>Added to the denominator.</summary>
        public float Epsilon { get; set; } = 1e-8f;

        /// <summary>Momentum factor.</summary>
        public float Momentum { get; set; }
    }

    /// <summary>Scales all gradients so their global L2 norm is at most <c>maxNorm</c> (<c>clip_grad_norm_</c>).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class ClipGradNormAttribute : Attribute
    {
        /// <summary>Declares global-norm clipping.</summary>
        public ClipGradNormAttribute(float maxNorm) => MaxNorm = maxNorm;

        /// <summary>Largest allowed global norm.</summary>
        public float MaxNorm { get; }
    }

    /// <summary>Clamps every gradient value into [−max, max] (<c>clip_grad_value_</c>).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class ClipGradValueAttribute : Attribute
    {
        /// <summary>Declares value clipping.</summary>
        public ClipGradValueAttribute(float maxValue) => MaxValue = maxValue;

        /// <summary>Largest allowed absolute gradient value.</summary>
        public float MaxValue { get; }
    }
}
