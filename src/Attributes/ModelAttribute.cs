using System;

namespace ModelCompiler
{
    /// <summary>
    /// Marks a <c>partial class</c> as a model to compile. Layer attributes on the same class are read in
    /// source order.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class ModelAttribute : Attribute
    {
        /// <summary>Exact sequence length (fixed-length models). Set this or <see cref="MaxSteps"/>.</summary>
        public int Steps { get; set; }

        /// <summary>Upper bound of the sequence length (variable-length models). Set this or <see cref="Steps"/>.</summary>
        public int MaxSteps { get; set; }

        /// <summary>The largest minibatch the preallocated buffers hold.</summary>
        public int Batch { get; set; } = 32;

        /// <summary>Seed of the parameter initialization and of dropout masks.</summary>
        public int Seed { get; set; } = 42;

        /// <summary>Loop unrolling policy of the generated kernels.</summary>
        public UnrollPolicy Unroll { get; set; } = UnrollPolicy.Auto;
    }
}
