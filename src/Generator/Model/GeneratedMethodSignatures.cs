using System.Collections.Generic;
using System.Linq;

namespace ModelCompiler.Generator.Model
{
    /// <summary>
    /// The public methods the emitter writes into a model, as <c>Name(type, in type, …)</c>: a user method with one of
    /// these parameter lists would be a second definition (CS0111 inside generated code), so it is reported (MC0027);
    /// overloads with other parameters are fine. Keep in step with <c>ModelEmitter</c> (a test compares them).
    /// </summary>
    internal static class GeneratedMethodSignatures
    {
        private const string Span = "System.Span<float>";
        private const string Lengths = "System.ReadOnlySpan<int>";

        public static string Format(string name, IEnumerable<string> parameterTypes) => name + "(" + string.Join(", ", parameterTypes) + ")";

        /// <summary>The streaming <c>Step</c> of a token or a float model.</summary>
        public static string Step(bool tokens) => Format("Step", new[] { tokens ? "int" : "System.ReadOnlySpan<float>", Span });

        public static HashSet<string> For(ModelDecl decl)
        {
            bool tokens = decl.Attributes.OfType<LayerDecl>().FirstOrDefault() is EmbeddingDecl;
            bool variable = !decl.Options.StepsSet;
            bool streamable = !decl.Attributes.OfType<RecurrentDecl>().Any(r => r.Bidirectional);
            LossDecl? loss = decl.Attributes.OfType<LossDecl>().FirstOrDefault();
            bool optimizer = decl.Attributes.OfType<OptimizerDecl>().Any();
            string inputs = tokens ? "System.ReadOnlySpan<int>" : "System.ReadOnlySpan<float>";
            string targets = loss?.Kind == LossKind.CrossEntropy ? "System.ReadOnlySpan<int>" : "System.ReadOnlySpan<float>";
            ClassInfo c = decl.Class;
            string buffers = string.Join(".", new[] { c.Namespace }.Concat(c.ContainingTypes.Select(t => t.Name)).Concat(new[] { c.Name }).Where(s => s.Length > 0));

            var signatures = new HashSet<string>(System.StringComparer.Ordinal)
            {
                Format("Predict", new[] { inputs, Span }),
                Format("Forward", new[] { inputs, Span }),
                Format("LoadSafetensors", new[] { "string" }),
                Format("LoadSafetensors", new[] { "string", "string" }),
                Format("SaveSafetensors", new[] { "string" }),
            };
            if (!variable) signatures.Add(Format("Predict", new[] { "in " + buffers + ".InputBuffer", "out " + buffers + ".OutputBuffer" }));
            if (variable) signatures.Add(Format("Forward", new[] { inputs, Span, Lengths }));
            if (decl.Attributes.OfType<RecurrentDecl>().Any())
            {
                signatures.Add(Format("Forward", new[] { inputs, Span, "System.ReadOnlySpan<float>", Span }));
                if (variable) signatures.Add(Format("Forward", new[] { inputs, Span, "System.ReadOnlySpan<float>", Span, Lengths }));
            }
            if (streamable)
            {
                signatures.Add(Step(tokens));
                signatures.Add(Format("ResetState", new string[0]));
                signatures.Add(Format("GetState", new[] { Span }));
                signatures.Add(Format("SetState", new[] { "System.ReadOnlySpan<float>" }));
            }
            if (loss is not null)
            {
                bool recurrent = decl.Attributes.OfType<RecurrentDecl>().Any();
                foreach (string method in optimizer ? new[] { "ComputeGradients", "TrainStep" } : new[] { "ComputeGradients" })
                {
                    signatures.Add(Format(method, new[] { inputs, targets }));
                    if (variable) signatures.Add(Format(method, new[] { inputs, targets, Lengths }));
                    if (!recurrent) continue;
                    // From and to states (truncated backpropagation through time).
                    signatures.Add(Format(method, new[] { inputs, targets, "System.ReadOnlySpan<float>", Span }));
                    if (variable) signatures.Add(Format(method, new[] { inputs, targets, "System.ReadOnlySpan<float>", Span, Lengths }));
                }
            }
            return signatures;
        }
    }
}
