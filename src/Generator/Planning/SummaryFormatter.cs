using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ModelCompiler.Generator.Model;

namespace ModelCompiler.Generator.Planning
{
    /// <summary>
    /// The <c>Summary</c> text: one row per layer (name, kind, output shape, parameters, FLOPs per step) and totals,
    /// Keras-style. Invariant culture throughout; lines end in <c>\n</c> on every OS so output is deterministic.
    /// </summary>
    internal static class SummaryFormatter
    {
        public static string Format(ModelPlan plan)
        {
            string length = (plan.VariableLength ? "up to " : "") + Num(plan.Steps) + " steps";
            string input = plan.TokenInput ? "tokens" : Num(plan.InputSize) + " features";
            var rows = new List<string[]> { new[] { "Layer", "Kind", "Output", "Parameters", "FLOPs/step" } };
            foreach (LayerPlan layer in plan.Layers)
            {
                string shape = layer.SequenceOutput ? "[steps, " + Num(layer.OutputWidth) + "]" : "[" + Num(layer.OutputWidth) + "]";
                rows.Add(new[] { layer.Name, Kind(layer.Decl), shape, Num(layer.Parameters), Num(layer.FlopsPerStep) });
            }

            var text = new StringBuilder();
            text.Append("Model ").Append(plan.Class.Name).Append(": ").Append(length).Append(" of ").Append(input)
                .Append(", batch ").Append(Num(plan.BatchSize)).Append('\n');
            int[] widths = Enumerable.Range(0, 5).Select(c => rows.Max(r => r[c].Length)).ToArray();
            foreach (string[] row in rows)
            {
                var line = new StringBuilder();
                for (int c = 0; c < row.Length; c++)
                {
                    bool numeric = c >= 3;
                    line.Append(numeric ? row[c].PadLeft(widths[c]) : row[c].PadRight(widths[c]));
                    if (c < row.Length - 1) line.Append("  ");
                }
                text.Append(line.ToString().TrimEnd()).Append('\n');
            }
            text.Append("Total parameters: ").Append(Num(plan.ParameterCount)).Append('\n');
            long frozen = plan.Layers.Where(l => !l.Decl.Learns).Sum(l => l.Parameters);
            if (frozen > 0) text.Append("Trainable parameters: ").Append(Num(plan.ParameterCount - frozen)).Append(" (").Append(Num(frozen)).Append(" frozen)\n");
            text.Append("FLOPs per step: ").Append(Num(plan.FlopsPerStep)).Append('\n');
            text.Append("Preallocated (estimate): ").Append(Num(plan.EstimatedBytes)).Append(" bytes");
            return text.ToString();
        }

        private static string Frozen(LayerDecl decl) => decl.Learns ? "" : ", frozen";


        /// <summary>A layer as the Summary shows it, e.g. <c>Lstm(128, bidirectional)</c>; ", frozen" for a frozen one.</summary>
        internal static string Kind(LayerDecl decl) => decl switch
        {
            EmbeddingDecl e => "Embedding(" + Num(e.Vocab) + ", " + Num(e.Dim) + Frozen(e) + ")",
            RecurrentDecl r => r.Cell + "(" + Num(r.Hidden)
                + (r.Layers > 1 ? ", layers " + Num(r.Layers) : "")
                + (r.Bidirectional ? ", bidirectional" : "")
                + (r.ReturnSequences ? ", sequences" : "")
                + (r.Cell == CellKind.Rnn && r.Activation != Activation.Tanh ? ", " + r.Activation : "") + Frozen(r) + ")",
            DenseDecl d => "Dense(" + Num(d.Units) + (d.Activation != Activation.None ? ", " + d.Activation : "") + Frozen(d) + ")",
            DropoutDecl p => "Dropout(" + p.P.ToString("R", CultureInfo.InvariantCulture) + ")",
            _ => decl.Kind,
        };

        internal static string Num(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
    }
}
