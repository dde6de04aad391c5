using ModelCompiler.Generator.Model;

namespace ModelCompiler.Generator.Planning
{
    /// <summary>
    /// A checked model with every value the emitter needs, already resolved (names, defaults, shapes, totals).
    /// Equal plans produce identical source, so this record is the cache boundary of the source output.
    /// </summary>
    internal sealed record ModelPlan(
        ClassInfo Class,
        bool TokenInput,
        int InputSize,
        int Steps,
        bool VariableLength,
        int BatchSize,
        int Seed,
        EquatableArray<LayerPlan> Layers,
        LossKind? Loss,
        OptimizerDecl? Optimizer,
        ClipDecl? Clip,
        int OutputSize,
        bool SequenceOutput,
        bool Streamable,
        long ParameterCount,
        long FlopsPerStep,
        long EstimatedBytes,
        string Summary,
        StreamKernelPlan? StreamKernel = null,
        string PyTorchModule = "",
        int StateSize = 0);
}
