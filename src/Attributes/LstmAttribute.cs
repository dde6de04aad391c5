using System;

namespace ModelCompiler
{
    /// <summary>Long short-term memory layer (PyTorch <c>nn.LSTM</c>, gates i, f, g, o).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class LstmAttribute : RecurrentLayerAttribute
    {
        /// <summary>Creates the layer with <paramref name="hidden"/> units per direction.</summary>
        public LstmAttribute(int hidden) : base(hidden) { }
    }
}
