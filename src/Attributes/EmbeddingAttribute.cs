using System;

namespace ModelCompiler
{
    /// <summary>Token input: a lookup table of <c>vocab</c> vectors of <c>dim</c> values. Must be the first layer.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class EmbeddingAttribute : LayerAttribute
    {
        /// <summary>Declares a token input with a vocabulary of <paramref name="vocab"/> tokens embedded in <paramref name="dim"/> values.</summary>
        public EmbeddingAttribute(int vocab, int dim)
        {
            Vocab = vocab;
            Dim = dim;
        }

        /// <summary>Number of distinct tokens; tokens are 0 … Vocab − 1.</summary>
        public int Vocab { get; }

        /// <summary>Values per embedded token.</summary>
        public int Dim { get; }

        /// <summary>Initialization of <c>weight</c> <c>[vocab, dim]</c>. Default: PyTorch's N(0, 1).</summary>
        public Initializer Weights { get; set; }
    }
}
