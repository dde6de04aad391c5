using System;
using System.Runtime.Intrinsics;
using ModelCompiler.Runtime.Kernels;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Layers;

// Cores = 2: the cell updates of one loop iteration are split by sequence between the two cores. Each sequence's
// row is computed whole by one core, and the bias gradients (a sum over sequences) are still added on one core in
// the one-core order, so the bits are those of one core.
internal sealed partial class RecurrentDirection
{
    /// <summary>Batches from this size on share their cell updates with the second core.</summary>
    private const int MinRowsToSplit = 8;

    /// <summary>The second core's share of the cell updates, one per instruction set, made with the direction.</summary>
    private readonly CoreWork[] _rowsWork;

    private CoreWork[] CreateRowsWork(int maxBatch) =>
    [
        new RowsWork<Avx512Isa, Vector512<float>>(this, maxBatch),
        new RowsWork<Avx2Isa, Vector256<float>>(this, maxBatch),
        new RowsWork<PortableIsa, Vector128<float>>(this, maxBatch),
    ];

    private RowsWork<TIsa, TVec> Work<TIsa, TVec>()
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
        => (RowsWork<TIsa, TVec>)_rowsWork[typeof(TIsa) == typeof(Avx512Isa) ? 0 : typeof(TIsa) == typeof(Avx2Isa) ? 1 : 2];

    /// <summary>The first half of the sequences on the second core (when it is free), the rest here.</summary>
    private unsafe void ForwardRowsOnTwoCores<TIsa, TVec>(in StepRows rows, int iteration, Span<float> output)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        int half = rows.Batch / 2;
        if (!SecondCore.TryAcquire())
        {
            ForwardRows<TIsa, TVec>(rows, iteration, output, 0, rows.Batch);
            return;
        }
        fixed (float* outputs = output)
        {
            RowsWork<TIsa, TVec> work = Work<TIsa, TVec>();
            work.Set(backward: false, rows, iteration, outputs, output.Length, noPadding: false, end: half);
            SecondCore.Post(work);
            try
            {
                ForwardRows<TIsa, TVec>(rows, iteration, output, half, rows.Batch);
            }
            finally
            {
                SecondCore.WaitAndRelease();
            }
        }
    }

    /// <summary>The first half of the sequences' cell backward on the second core (when it is free), the rest here; no bias sums.</summary>
    private unsafe void BackwardRowsOnTwoCores<TIsa, TVec>(in StepRows rows, int iteration, ReadOnlySpan<float> dOutput, bool noPadding)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        int half = rows.Batch / 2;
        if (!SecondCore.TryAcquire())
        {
            BackwardRows<TIsa, TVec>(rows, iteration, dOutput, noPadding, 0, rows.Batch, accumulateBias: false);
            return;
        }
        fixed (float* gradients = dOutput)
        {
            RowsWork<TIsa, TVec> work = Work<TIsa, TVec>();
            work.Set(backward: true, rows, iteration, gradients, dOutput.Length, noPadding, end: half);
            SecondCore.Post(work);
            try
            {
                BackwardRows<TIsa, TVec>(rows, iteration, dOutput, noPadding, half, rows.Batch, accumulateBias: false);
            }
            finally
            {
                SecondCore.WaitAndRelease();
            }
        }
    }

    /// <summary>Sequences [0, end) of one iteration's cell updates (forward or backward), as the second core runs them.</summary>
    private sealed unsafe class RowsWork<TIsa, TVec> : CoreWork
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        private readonly RecurrentDirection _owner;
        private readonly int[] _lengths;
        private bool _backward, _training, _noPadding;
        private int _batch, _iteration, _end, _outputStride, _outputOffset, _outputLength;
        private float* _output;

        public RowsWork(RecurrentDirection owner, int maxBatch)
        {
            _owner = owner;
            _lengths = new int[maxBatch];
        }

        /// <summary>Records the work; <paramref name="output"/> stays pinned by the caller until it is done.</summary>
        public void Set(bool backward, in StepRows rows, int iteration, float* output, int outputLength, bool noPadding, int end)
        {
            rows.Lengths.CopyTo(_lengths);
            (_backward, _training, _noPadding) = (backward, rows.Training, noPadding);
            (_batch, _iteration, _end, _outputStride, _outputOffset, _outputLength) = (rows.Batch, iteration, end, rows.OutputStride, rows.OutputOffset, outputLength);
            _output = output;
        }

        public override void Run()
        {
            var rows = new StepRows(_batch, _lengths.AsSpan(0, _batch), _training, _outputStride, _outputOffset);
            var output = new Span<float>(_output, _outputLength);
            if (_backward) _owner.BackwardRows<TIsa, TVec>(rows, _iteration, output, _noPadding, 0, _end, accumulateBias: false);
            else _owner.ForwardRows<TIsa, TVec>(rows, _iteration, output, 0, _end);
        }
    }
}
