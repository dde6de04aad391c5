using System.Collections.Generic;
using ModelCompiler.Generator.Model;

namespace ModelCompiler.Generator.Planning
{
    /// <summary>
    /// Decides whether a model's <c>Step</c> is compiled into a shape-specialized kernel and lays out its stages.
    /// Float input, unidirectional recurrent layers, Dense layers with element-wise activations and Dropout are
    /// compiled; models with an Embedding or a Softmax layer keep the runtime engine's step.
    /// </summary>
    internal static class StreamKernelPlanner
    {
        public static StreamKernelPlan? Plan(ModelPlan model, UnrollPolicy unroll)
        {
            if (!model.Streamable || model.TokenInput) return null;
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
                    case DenseDecl d when d.Activation != Activation.Softmax:
                        stages.Add(new StreamDensePlan(layer.Name, index, d.Activation, layer.InputWidth, d.Units));
                        break;
                    case DropoutDecl:
                        break; // the identity at inference
                    default:
                        return null;
                }
            }
            if (stages.Count == 0) return null;
            return new StreamKernelPlan(model.InputSize, model.OutputSize, unroll, stages.ToEquatableArray());
        }
    }
}
