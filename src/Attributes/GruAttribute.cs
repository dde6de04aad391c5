using System;

namespace ModelCompiler
{
    /// <summary>Gated recurrent unit layer (PyTorch <c>nn.GRU</c>, gates r, z, n, reset applied after the matrix product).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class GruAttribute : RecurrentLayerAttribute
    {
        /// <summary>Creates the layer with <paramref name="hidden"/> units per direction.</summary>
        public GruAttribute(int hidden) : base(hidden) { }
    }
}
