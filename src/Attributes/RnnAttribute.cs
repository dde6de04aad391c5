using System;

namespace ModelCompiler
{
    /// <summary>Elman recurrent layer (PyTorch <c>nn.RNN</c>): h' = act(W_ih x + b_ih + W_hh h + b_hh).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class RnnAttribute : RecurrentLayerAttribute
    {
        /// <summary>Creates the layer with <paramref name="hidden"/> units per direction.</summary>
        public RnnAttribute(int hidden) : base(hidden) { }

        /// <summary><see cref="ModelCompiler.Activation.Tanh"/> (default) or <see cref="ModelCompiler.Activation.Relu"/>.</summary>
        public Activation Activation { get; set; } = Activation.Tanh;
    }
}
