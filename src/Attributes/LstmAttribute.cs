using System;

namespace ModelCompiler
{
    /// <summary>Long short-term memory layer (PyTorch <c>nn.LSTM</c>, gates i, f, g, o).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class LstmAttribute : RecurrentLayerAttribute
    {
        /// <summary>Creates the layer with <paramref name="hidden"/> units per direction.</summary>
        public LstmAttribute(int hidden) : base(hidden) { }

        /// <summary>
        /// When set, the forget gate's bias starts at this value (the forget slice of <c>bias_ih</c> set to it, that of
        /// <c>bias_hh</c> to 0; the other gates as <see cref="RecurrentLayerAttribute.Biases"/> says): 1 is the usual
        /// choice (Keras' <c>unit_forget_bias</c>), so the cell remembers by default early in training.
        /// </summary>
        public float ForgetBias { get; set; }
    }
}
