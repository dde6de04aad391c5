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
        public static StreamKernelPlan? Plan(ModelPlan model, UnrollPolicy unroll)
        {
            if (!model.Streamable) return null;
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
            if (stages.Count == 0) return null;
            return new StreamKernelPlan(model.TokenInput, model.InputSize, model.OutputSize, unroll, stages.ToEquatableArray());
        }
    }
}
