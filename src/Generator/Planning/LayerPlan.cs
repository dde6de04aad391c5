using ModelCompiler.Generator.Model;

namespace ModelCompiler.Generator.Planning
{
    /// <summary>
    /// One resolved layer: its final name, the declaration it came from, widths in and out, whether it outputs a
    /// sequence, its parameter count (as PyTorch counts it) and FLOPs per time step.
    /// </summary>
    internal sealed record LayerPlan(
        string Name,
        LayerDecl Decl,
        int InputWidth,
        int OutputWidth,
        bool SequenceOutput,
        long Parameters,
        long FlopsPerStep,
        long CachedFloatsPerStep);
}
