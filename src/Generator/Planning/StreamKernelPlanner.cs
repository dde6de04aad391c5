using System.Linq;
using System.Collections.Generic;
using ModelCompiler.Generator.Model;

namespace ModelCompiler.Generator.Planning
{
    /// <summary>
    /// Lays out the stages of a model's compiled <c>Step</c>: every model that can stream (no bidirectional layer)
    /// gets one, from an Embedding or float input through Rnn/Lstm/Gru stacks, Dense layers and Dropout.
    /// </summary>
    internal static class StreamKernelPlanner
    {
        // Above these sizes no compiled step is written and the engine's step (the same bits) runs instead: the kernel's
        // code grows with its stages, the vectors of each stage's output and the model's input and output widths, so a
        // Dense(8,000,000) or an Rnn with Layers = 1,000,000 would generate more source than a string holds (MC9999),
        // and compiled steps pay off for small models, whose latency is their call and chain, not their products.
        private const int MaxStages = 64;
        private const long MaxStageFloats = 1 << 16;
        private const int MaxInputOrOutput = 4096;

        public static StreamKernelPlan? Plan(ModelPlan model, UnrollPolicy unroll)
        {
            if (!model.Streamable || model.InputSize > MaxInputOrOutput || model.OutputSize > MaxInputOrOutput) return null;
            if (model.Layers.Sum(l => l.Decl is RecurrentDecl r ? (long)r.Layers : 1) > MaxStages) return null;
            var stages = new List<StreamLayerPlan>();
            for (int index = 0; index < model.Layers.Count; index++)
            {
                LayerPlan layer = model.Layers[index];
                switch (layer.Decl)
                {
                    case RecurrentDecl { Bidirectional: false } r:
                        for (int k = 0; k < r.Layers; k++)
                        {
                            int input = k == 0 ? layer.InputWidth : r.Hidden;
                            stages.Add(new StreamRecurrentPlan(layer.Name, index, k, r.Layers, r.Cell, r.Activation == Activation.Relu, input, r.Hidden));
                        }
                        break;
                    case EmbeddingDecl e:
                        stages.Add(new StreamEmbeddingPlan(layer.Name, index, e.Vocab, e.Dim));
                        break;
                    case DenseDecl d:
                        stages.Add(new StreamDensePlan(layer.Name, index, d.Activation, layer.InputWidth, d.Units));
                        break;
                    case DropoutDecl:
                        break; // the identity at inference
                    default:
                        return null;
                }
            }
            if (stages.Count == 0 || stages.Sum(s => (long)s.OutputPadded * (s is StreamRecurrentPlan recurrent ? recurrent.Gates : 1)) > MaxStageFloats) return null;
            return new StreamKernelPlan(model.TokenInput, model.InputSize, model.OutputSize, unroll, stages.ToEquatableArray());
        }
    }
}
