using System;

namespace ModelCompiler
{
    /// <summary>Training loss. A model without a loss is inference-only.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class LossAttribute : Attribute
    {
        /// <summary>Declares the loss.</summary>
        public LossAttribute(LossKind kind) => Kind = kind;

        /// <summary>The loss function.</summary>
        public LossKind Kind { get; }
    }
}
