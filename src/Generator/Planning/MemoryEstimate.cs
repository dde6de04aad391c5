using System.Collections.Generic;
using System.Linq;
using ModelCompiler.Generator.Model;

namespace ModelCompiler.Generator.Planning
{
    /// <summary>
    /// Estimate of the bytes a model preallocates: parameters, gradients and optimizer state, plus activation
    /// caches for BPTT (<c>Batch × Steps</c> × what each layer keeps per step). An estimate for the Summary: the
    /// runtime's padding and scratch buffers are not modelled.
    /// </summary>
    internal static class MemoryEstimate
    {
        public static long Bytes(long parameters, OptimizerDecl? optimizer, int inputSize, int steps, int batch, IReadOnlyList<LayerPlan> layers)
        {
            long parameterCopies = 2 + OptimizerSlots(optimizer);
            long perStep = inputSize + layers.Sum(l => l.CachedFloatsPerStep);
            return sizeof(float) * (parameters * parameterCopies + (long)batch * steps * perStep);
        }

        /// <summary>State tensors per parameter, as PyTorch's optimizers keep them.</summary>
        private static int OptimizerSlots(OptimizerDecl? optimizer) => optimizer switch
        {
            null => 0,
            { Kind: OptimizerKind.Adam or OptimizerKind.AdamW } => 2,
            { Kind: OptimizerKind.RmsProp, Momentum: > 0 } => 2,
            { Kind: OptimizerKind.RmsProp } => 1,
            { Momentum: > 0 } => 1,
            _ => 0,
        };
    }
}
