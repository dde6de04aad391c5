using System;
using System.Runtime.Intrinsics;
using ModelCompiler.Runtime.Kernels;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Layers;

// Cores = 2: the batch is split by sequence between the two cores, and each core runs its sequences through the
// whole recurrence (every step's recurrent product and cell update, forward and backward): a sequence's rows depend
// on no other sequence, so the halves meet once per pass instead of twice per step. Each row is computed whole by one
// core, and the bias gradients (a sum over sequences) are summed per half of the batch, split where the cores split
// it, and the halves added afterwards, on one core in the same order, so the bits are those of one core.
internal sealed partial class RecurrentDirection
{
    /// <summary>Batches from this size on share their recurrence with the second core.</summary>
    private const int MinRowsToSplit = 8;

    /// <summary>
    /// The sequences [0, this) that the second core runs, the rest staying here; the bias gradients are summed in these
    /// two halves on one core as well (<see cref="AccumulateBiasGradients{TIsa, TVec}"/>).
    /// </summary>
    private static int SecondCoreSequences(in RunContext run) => run.Batch / 2;

    /// <summary>The second core's half of a recurrence, one per instruction set, made with the direction.</summary>
    private readonly CoreWork[] _sequencesWork;

    private CoreWork[] CreateSequencesWork(int maxBatch) =>
    [
        new SequencesWork<Avx512Isa, Vector512<float>>(this, maxBatch),
        new SequencesWork<Avx2Isa, Vector256<float>>(this, maxBatch),
        new SequencesWork<PortableIsa, Vector128<float>>(this, maxBatch),
    ];

    private SequencesWork<TIsa, TVec> Work<TIsa, TVec>()
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
        => (SequencesWork<TIsa, TVec>)_sequencesWork[typeof(TIsa) == typeof(Avx512Isa) ? 0 : typeof(TIsa) == typeof(Avx2Isa) ? 1 : 2];

    /// <summary>
    /// The forward recurrence, or the backward one without the bias sums, with the first half of the sequences on the
    /// second core when it is free and the rest here. <paramref name="values"/> is the direction's output (forward:
    /// written) or its gradient (backward: read); <paramref name="source"/> what the pass reads besides (forward: the
    /// layer's input; backward: the forward output, each step's previous h); both pinned while the halves run.
    /// </summary>
    private unsafe void SequencesOnTwoCores<TIsa, TVec>(bool backward, in RunContext run, ReadOnlySpan<float> source, ReadOnlySpan<float> values, int outputStride, int outputOffset, bool noPadding)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        int half = SecondCoreSequences(run);
        fixed (float* pinned = values, pinnedSource = source)
        {
            SequencesWork<TIsa, TVec> work = Work<TIsa, TVec>();
            work.Set(backward, run, pinnedSource, source.Length, pinned, values.Length, outputStride, outputOffset, noPadding, half);
            if (!SecondCore.TryAcquire())
            {
                work.Sequences(0, run.Batch);
                return;
            }
            SecondCore.Post(work);
            try
            {
                work.Sequences(half, run.Batch);
            }
            finally
            {
                SecondCore.WaitAndRelease();
            }
        }
    }

    /// <summary>One pass over the recurrence recorded once, run for a range of sequences; the second core runs the first half.</summary>
    private sealed unsafe class SequencesWork<TIsa, TVec> : CoreWork
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        private readonly RecurrentDirection _owner;
        private readonly int[] _lengths;
        private bool _backward, _training, _fromStates, _stateGradients, _noPadding;
        private int _batch, _steps, _half, _outputStride, _outputOffset, _length, _sourceLength;
        private float* _values, _source;

        public SequencesWork(RecurrentDirection owner, int maxBatch)
        {
            _owner = owner;
            _lengths = new int[maxBatch];
        }

        /// <summary>Records the pass; <paramref name="source"/> and <paramref name="values"/> stay pinned by the caller until both halves are done.</summary>
        public void Set(bool backward, in RunContext run, float* source, int sourceLength, float* values, int length, int outputStride, int outputOffset, bool noPadding, int half)
        {
            _source = source;
            _sourceLength = sourceLength;
            run.Lengths.CopyTo(_lengths);
            (_backward, _training, _fromStates, _stateGradients, _noPadding) = (backward, run.Training, run.FromStates, run.StateGradients, noPadding);
            (_batch, _steps, _half) = (run.Batch, run.Steps, half);
            (_outputStride, _outputOffset, _length) = (outputStride, outputOffset, length);
            _values = values;
        }

        /// <summary>The second core's half: sequences [0, half).</summary>
        public override void Run() => Sequences(0, _half);

        /// <summary>The recurrence of sequences [<paramref name="first"/>, <paramref name="end"/>), every product on this core.</summary>
        public void Sequences(int first, int end)
        {
            var run = new RunContext(_batch, _steps, _lengths.AsSpan(0, _batch), _training, fromStates: _fromStates, stateGradients: _stateGradients);
            var values = new Span<float>(_values, _length);
            var source = new ReadOnlySpan<float>(_source, _sourceLength);
            if (_backward) _owner.BackwardSequences<TIsa, TVec>(run, source, values, _outputStride, _outputOffset, _noPadding, first, end, productsOnTwoCores: false);
            else _owner.ForwardSequences<TIsa, TVec>(run, source, values, _outputStride, _outputOffset, first, end, productsOnTwoCores: false);
        }
    }
}
