using System.Collections.Generic;
using System.Linq;
using ModelCompiler.Generator.Model;

namespace ModelCompiler.Generator.Planning
{
    /// <summary>
    /// Stage 3: resolves a model the checker accepted into a <see cref="ModelPlan"/>: names, widths, sequence-ness,
    /// PyTorch parameter counts, FLOPs and a memory estimate. Pure.
    /// </summary>
    internal static class ModelPlanner
    {
        /// <remarks>Arithmetic is checked (project setting): absurd sizes throw <see cref="System.OverflowException"/>, reported as MC0021.</remarks>
        public static ModelPlan Plan(ModelDecl decl)
        {
            var layerDecls = decl.Attributes.OfType<LayerDecl>().ToList();
            string[] names = LayerNamer.Resolve(layerDecls);
            bool tokens = layerDecls.Count > 0 && layerDecls[0] is EmbeddingDecl;
            int inputSize = tokens ? 1 : decl.Attributes.OfType<InputDecl>().First().Features;
            ModelOptionsDecl options = decl.Options;
            int steps = options.StepsSet ? options.Steps : options.MaxSteps;

            var layers = new List<LayerPlan>();
            int width = inputSize;
            bool sequence = true;
            for (int i = 0; i < layerDecls.Count; i++)
            {
                LayerPlan layer = PlanLayer(names[i], layerDecls[i], width, sequence);
                layers.Add(layer);
                width = layer.OutputWidth;
                sequence = layer.SequenceOutput;
            }

            OptimizerDecl? optimizer = decl.Attributes.OfType<OptimizerDecl>().FirstOrDefault();
            long parameters = layers.Sum(l => l.Parameters);
            long flops = layers.Sum(l => l.FlopsPerStep);
            long bytes = MemoryEstimate.Bytes(parameters, optimizer, inputSize, steps, options.Batch, layers);
            var plan = new ModelPlan(
                decl.Class,
                tokens,
                inputSize,
                steps,
                !options.StepsSet,
                options.Batch,
                options.Seed,
                layers.ToEquatableArray(),
                decl.Attributes.OfType<LossDecl>().FirstOrDefault()?.Kind,
                optimizer,
                decl.Attributes.OfType<ClipDecl>().FirstOrDefault(),
                width,
                sequence,
                !layers.Any(l => l.Decl is RecurrentDecl { Bidirectional: true }),
                parameters,
                flops,
                bytes,
                Summary: "");
            return plan with
            {
                Summary = SummaryFormatter.Format(plan),
                PyTorchModule = PyTorchModuleFormatter.Format(plan),
                StateSize = layers.Select(l => l.Decl).OfType<RecurrentDecl>().Sum(r => r.Layers * (r.Bidirectional ? 2 : 1) * r.Hidden * (r.Cell == CellKind.Lstm ? 2 : 1)),
                StreamKernel = StreamKernelPlanner.Plan(plan, options.Unroll),
            };
        }

        private static LayerPlan PlanLayer(string name, LayerDecl decl, int inWidth, bool sequence)
        {
            switch (decl)
            {
                case EmbeddingDecl e:
                    return new LayerPlan(name, e, inWidth, e.Dim, true, (long)e.Vocab * e.Dim, 0, e.Dim);
                case RecurrentDecl r:
                    return PlanRecurrent(name, r, inWidth);
                case DenseDecl d:
                    long dense = (long)d.Units * inWidth;
                    return new LayerPlan(name, d, inWidth, d.Units, sequence, dense + d.Units, 2 * dense + d.Units, d.Units);
                case DropoutDecl p:
                    return new LayerPlan(name, p, inWidth, inWidth, sequence, 0, inWidth, 2L * inWidth);
                default:
                    throw new System.ArgumentException("Unknown layer declaration " + decl.GetType().Name);
            }
        }

        /// <summary>
        /// Per stacked layer k and direction: G·H·in_k (W_ih) + G·H·H (W_hh) + 2·G·H (two biases), with in_0 the
        /// layer's input width and in_k = H·directions above it; G = 1 (Rnn), 4 (Lstm), 3 (Gru). FLOPs count the
        /// two matrix products (2 per multiply-add) and the bias adds; element-wise gate maths is not counted.
        /// </summary>
        private static LayerPlan PlanRecurrent(string name, RecurrentDecl r, int inWidth)
        {
            int gates = r.Cell switch { CellKind.Lstm => 4, CellKind.Gru => 3, _ => 1 };
            int directions = r.Bidirectional ? 2 : 1;
            long gh = (long)gates * r.Hidden;
            // Closed form over the stack (Layers can be any int): layer 0 reads the input, the rest read H·directions.
            long above = (long)r.Hidden * directions;
            long parameters = directions * (gh * inWidth + gh * r.Hidden + 2 * gh)
                + (r.Layers - 1L) * directions * (gh * above + gh * r.Hidden + 2 * gh);
            long flops = directions * (2 * gh * (inWidth + r.Hidden) + 2 * gh)
                + (r.Layers - 1L) * directions * (2 * gh * (above + r.Hidden) + 2 * gh);
            long stateFloats = r.Cell == CellKind.Lstm ? 2L * r.Hidden : r.Hidden;
            long cached = (long)r.Layers * directions * (gh + stateFloats);
            return new LayerPlan(name, r, inWidth, (int)System.Math.Min(int.MaxValue, above), r.ReturnSequences, parameters, flops, cached);
        }
    }
}
