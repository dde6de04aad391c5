using System.Collections.Generic;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using ModelCompiler.Benchmarks.Catalog;
using ModelCompiler.Runtime.Kernels;
using ModelCompiler.Runtime.Memory;
using ModelCompiler.Runtime.Simd;
using static ModelCompiler.Benchmarks.Catalog.Shapes;

namespace ModelCompiler.Benchmarks.Cases;

/// <summary>
/// The GEMM parts of train-rows alone, with the engine's kernels and shapes: the recurrent product of every step
/// ([64 × 128] × [128 × 512], 28 times) and the W_hh weight gradient (Σ over 1,792 rows of [512] ⊗ [128]), so
/// their share of the FMA peak can be read apart from the element-wise and bookkeeping work.
/// </summary>
[Shape(GemmRows)]
public class GemmRowsBenchmark
{
    private const int Gates = 4 * RowsHidden, Rows = RowsSteps * RowsBatch;
    private readonly AlignedBuffer _hidden = Filled(Rows * RowsHidden), _weights = Filled(RowsHidden * Gates);
    private readonly AlignedBuffer _bias = Filled(Gates), _gates = Filled(Rows * Gates), _gradient = Filled(Gates * RowsHidden);

    [ParamsSource(nameof(Paths))]
    public Implementation Impl { get; set; }

    public static IEnumerable<Implementation> Paths
    {
        get
        {
            if (IsaSelector.IsSupported(Isa.Avx512)) yield return Implementation.Avx512;
            if (IsaSelector.IsSupported(Isa.Avx2)) yield return Implementation.Avx2;
        }
    }

    [GlobalSetup]
    public void Setup() => WarmUp.Run(Products);

    [Benchmark]
    public void Products()
    {
        if (Impl == Implementation.Avx512) Run<Avx512Isa, Vector512<float>>();
        else Run<Avx2Isa, Vector256<float>>();
    }

    private void Run<TIsa, TVec>()
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        for (int step = 0; step < RowsSteps; step++)
        {
            MatMul<TIsa, TVec>.Multiply(
                _hidden.Slice(step * RowsBatch * RowsHidden, RowsBatch * RowsHidden), RowsHidden, _weights.Span, Gates,
                _gates.Slice(step * RowsBatch * Gates, RowsBatch * Gates), Gates, RowsBatch, RowsHidden, Gates, _bias.Span, accumulate: false);
        }
        MatMul<TIsa, TVec>.MultiplyTransposedA(_gates.Span, Gates, _hidden.Span, RowsHidden, _gradient.Span, RowsHidden, Rows, Gates, RowsHidden, accumulate: false);
    }

    private static AlignedBuffer Filled(int length)
    {
        var buffer = new AlignedBuffer(length);
        for (int i = 0; i < length; i++) buffer.Span[i] = (i % 7 - 3) * 0.01f;
        return buffer;
    }
}
