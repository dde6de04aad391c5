namespace ModelCompiler.Runtime.Kernels;

/// <summary>What a product's accumulators start from before the first multiply-add.</summary>
internal enum AccumulatorStart
{
    /// <summary>0.</summary>
    Zero,
    /// <summary>The bias row, the same for every output row.</summary>
    Bias,
    /// <summary>The current contents of the output (C += A·B).</summary>
    Output,
    /// <summary>0, and the finished sum is added to the output (C = C + (A·B)): a later run of <see cref="ProductRuns"/>.</summary>
    AddToOutput,
}
