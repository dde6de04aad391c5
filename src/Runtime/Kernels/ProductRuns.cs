using System;

namespace ModelCompiler.Runtime.Kernels;

/// <summary>
/// The summation order of short products on a step's critical path. A product over the recurrent state (W_hh·h)
/// or a Dense layer's input whose depth is in [<see cref="MinSplitDepth"/>, <see cref="MaxSplitDepth"/>] is summed
/// in runs of ⌈depth / 4⌉ inputs: the first run from the bias, every later run from zero, each one fused
/// multiply-add chain in ascending input order, then the runs added in order: ((run₀ + run₁) + run₂) + run₃. The
/// streaming step of a small model is a dependency chain, and four short chains and three adds finish in less than
/// half the time of one long chain. The order depends on the depth only, never on the instruction set or the batch, so every
/// path, the batch engine and the generated step keep giving the same bits. Other products are one run.
/// </summary>
public static class ProductRuns
{
    /// <summary>Shallower products gain nothing from splitting (their chain is already short).</summary>
    public const int MinSplitDepth = 8;

    /// <summary>Deeper products are throughput-bound, not latency-bound (and their GEMMs stay untouched).</summary>
    public const int MaxSplitDepth = 32;

    /// <summary>Inputs per run for a product of <paramref name="depth"/> inputs (the whole depth, at least 1, when unsplit).</summary>
    public static int Length(int depth) =>
        depth >= MinSplitDepth && depth <= MaxSplitDepth ? (depth + 3) / 4 : Math.Max(depth, 1);
}
