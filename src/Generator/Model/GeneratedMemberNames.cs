using System.Collections.Generic;
using System.Linq;

namespace ModelCompiler.Generator.Model
{
    /// <summary>
    /// The members the emitter writes into every model class (SPEC §3 and their private helpers). A user member of the
    /// same name is reported (MC0027) instead of surfacing as CS0102/CS0111/CS0542 inside generated code; a test checks
    /// that every generated member is listed here.
    /// </summary>
    internal static class GeneratedMemberNames
    {
        /// <summary>Generated methods: a user method of the same name with other parameters is a legal overload.</summary>
        private static readonly HashSet<string> s_methods = new()
        {
            "Predict", "Step", "ResetState", "GetState", "SetState", "Forward", "ComputeGradients", "TrainStep", "LoadSafetensors", "SaveSafetensors",
        };

        /// <summary>Constants, properties, fields and nested types.</summary>
        private static readonly HashSet<string> s_others = new()
        {
            "InputSize", "OutputSize", "Steps", "MaxSteps", "BatchSize", "ParameterCount", "Summary", "PyTorchModule", "StateSize", "Network", "Parameters",
            "Gradients", "Optimizer", "Isa", "Cores", "InputBuffer", "OutputBuffer", "s_spec", "_network", "_compiled",
            "CompiledStep", "Avx512Kernel", "Avx2Kernel", "PortableKernel",
        };

        public static bool Contains(string name) => s_methods.Contains(name) || s_others.Contains(name);

        public static bool IsMethod(string name) => s_methods.Contains(name);

        /// <summary>
        /// Whether the emitter writes the non-method member <paramref name="name"/> into this model: <c>Steps</c> or
        /// <c>MaxSteps</c> by the declared length, the buffer types only for fixed lengths, <c>StateSize</c> only with a
        /// recurrent layer, <c>Gradients</c> only with a loss, <c>Optimizer</c> only with an optimizer (keep in step with
        /// <c>ModelEmitter</c>). A user member of a name the model does not generate is no clash.
        /// </summary>
        public static bool IsGeneratedFor(string name, ModelDecl decl)
        {
            bool variable = !decl.Options.StepsSet;
            return name switch
            {
                "Steps" or "InputBuffer" or "OutputBuffer" => !variable,
                "MaxSteps" => variable,
                "StateSize" => decl.Attributes.OfType<RecurrentDecl>().Any(),
                "Gradients" => decl.Attributes.OfType<LossDecl>().Any(),
                "Optimizer" => decl.Attributes.OfType<OptimizerDecl>().Any(),
                _ => Contains(name),
            };
        }
    }
}
