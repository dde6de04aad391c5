using System;

namespace ModelCompiler
{
    /// <summary>
    /// Fully connected layer (PyTorch <c>nn.Linear</c>) on the last step, or on every step after a layer that
    /// returns sequences.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class DenseAttribute : LayerAttribute
    {
        /// <summary>Creates a layer of <paramref name="units"/> outputs.</summary>
        public DenseAttribute(int units) => Units = units;

        /// <summary>Outputs.</summary>
        public int Units { get; }

        /// <summary>Activation applied to the outputs.</summary>
        public Activation Activation { get; set; } = Activation.None;

        /// <summary>Initialization of <c>weight</c>. Default: PyTorch's U(±1/√in).</summary>
        public Initializer Weights { get; set; }

        /// <summary>Initialization of <c>bias</c>: <see cref="Initializer.Default"/> (PyTorch's U(±1/√in)) or <see cref="Initializer.Zeros"/>.</summary>
        public Initializer Biases { get; set; }
    }
}
