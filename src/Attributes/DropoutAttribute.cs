using System;

namespace ModelCompiler
{
    /// <summary>Inverted dropout with probability <c>p</c> (training only).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class DropoutAttribute : LayerAttribute
    {
        /// <summary>Drops each value with probability <paramref name="p"/> and scales the rest by 1/(1−p).</summary>
        public DropoutAttribute(float p) => P = p;

        /// <summary>Drop probability in [0, 1).</summary>
        public float P { get; }
    }
}
