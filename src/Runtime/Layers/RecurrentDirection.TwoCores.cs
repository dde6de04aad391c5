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

    /// <summary>
    /// One iteration's cell updates — forward, or backward without the bias sums — with the first half of the
    /// sequences on the second core when it is free and the rest here. <paramref name="values"/> is the direction's
    /// output (forward: written) or its gradient (backward: read), pinned while both halves run.
    /// </summary>
    private unsafe void RowsOnTwoCores<TIsa, TVec>(bool backward, in RunContext run, int iteration, ReadOnlySpan<float> values, int outputStride, int outputOffset, bool noPadding)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        int half = run.Batch / 2;
        fixed (float* pinned = values)
        {
            RowsWork<TIsa, TVec> work = Work<TIsa, TVec>();
            work.Set(backward, run, iteration, pinned, values.Length, outputStride, outputOffset, noPadding, half);
            if (!SecondCore.TryAcquire())
            {
                work.Rows(0, run.Batch);
                return;
            }
            SecondCore.Post(work);
            try
            {
                work.Rows(half, run.Batch);
            }
            finally
            {
                SecondCore.WaitAndRelease();
            }
        }
    }

    /// <summary>One iteration's cell updates recorded once, run for a range of sequences; the second core runs the first half.</summary>
    private sealed unsafe class RowsWork<TIsa, TVec> : CoreWork
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        private readonly RecurrentDirection _owner;
        private readonly int[] _lengths;
        private bool _backward, _training, _noPadding;
        private int _batch, _steps, _iteration, _half, _outputStride, _outputOffset, _length;
        private float* _values;

        public RowsWork(RecurrentDirection owner, int maxBatch)
        {
            _owner = owner;
            _lengths = new int[maxBatch];
        }

        /// <summary>Records the iteration; <paramref name="values"/> stays pinned by the caller until both halves are done.</summary>
        public void Set(bool backward, in RunContext run, int iteration, float* values, int length, int outputStride, int outputOffset, bool noPadding, int half)
        {
            run.Lengths.CopyTo(_lengths);
            (_backward, _training, _noPadding) = (backward, run.Training, noPadding);
            (_batch, _steps, _iteration, _half) = (run.Batch, run.Steps, iteration, half);
            (_outputStride, _outputOffset, _length) = (outputStride, outputOffset, length);
            _values = values;
        }

        /// <summary>The second core's half: sequences [0, half).</summary>
        public override void Run() => Rows(0, _half);

        /// <summary>The cell updates of sequences [<paramref name="first"/>, <paramref name="end"/>).</summary>
        public void Rows(int first, int end)
        {
            var run = new RunContext(_batch, _steps, _lengths.AsSpan(0, _batch), _training);
            var values = new Span<float>(_values, _length);
            if (_backward) _owner.BackwardRows<TIsa, TVec>(run, _iteration, values, _outputStride, _outputOffset, _noPadding, first, end, accumulateBias: false);
            else _owner.ForwardRows<TIsa, TVec>(run, _iteration, values, _outputStride, _outputOffset, first, end);
        }
    }
}
