using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using ModelCompiler.Runtime.Kernels;
using ModelCompiler.Runtime.Memory;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Layers;

/// <summary>
/// One direction of one stacked layer of an RNN/LSTM/GRU: the four PyTorch tensors
/// <c>{name}.weight_ih_l{k}[_reverse]</c>, <c>weight_hh</c>, <c>bias_ih</c>, <c>bias_hh</c>, their packed copies,
/// and the caches that backpropagation through time reads.
/// Forward: the input projection of all steps is one matrix product before the time loop; inside the loop only
/// W_hh·h remains. Backward: the loop produces the pre-activation gradients of every step; the weight gradients
/// and the input gradient are then matrix products over all steps at once.
/// Variable lengths follow PyTorch packed sequences: sequence b runs its own steps 0 … length−1 (reversed for the
/// reverse direction), its state is frozen after that, and padded output steps are zero.
/// </summary>
internal sealed partial class RecurrentDirection
{
    private readonly CellKind _cell;
    private readonly bool _relu;
    private readonly int _hidden;
    private readonly int _hp;
    private readonly int _gp;
    private readonly FeatureLayout _input;
    private readonly FeatureLayout _gates;
    private readonly FeatureLayout _state;
    private readonly string _suffix;
    private readonly string _prefix;

    // PyTorch-layout parameters and gradients (views into the network's storages).
    private TensorView _weightIh, _weightHh, _biasIh, _biasHh;
    private TensorView _gradWeightIh, _gradWeightHh, _gradBiasIh, _gradBiasHh;

    // Packed copies: forward operands [in][gates], [hidden][gates], rows WeightRowStride.For apart; backward operands
    // [gates][in], [gates][hidden], rows WeightRowStride.ForGateRows apart.
    private readonly AlignedBuffer _inputWeightsT, _recurrentWeightsT, _inputBias, _recurrentBias;
    private readonly AlignedBuffer _inputWeightsRows, _recurrentWeightsRows;
    private readonly int _gateRowStride, _inputRowStride, _stateRowStride;

    // Caches indexed like the sequence, [step][batch][·]. A step's previous h is the output row of the step before and
    // its previous c that step's cached c (PreviousRow), so neither is copied.
    private readonly AlignedBuffer _inputProjection, _gateActivations, _cellCache, _recurrentNew;
    // dL/d(pre-activations) of the input product; a GRU's recurrent product shares its r and z blocks and keeps only
    // its n block (r⊙dn) apart, [step][batch][hidden] (two thirds less to write per row than a whole second copy).
    private readonly AlignedBuffer _dInputPre, _dRecurrentNew;
    // Their rows' strides: padded like the packed weights' rows (WeightRowStride), since the weight-gradient products
    // read them down the rows (a column strip per register tile, or a panel), which with 2 or 3 KB rows falls into a
    // few of L1's sets (dW_ih of train-rows 123 → 128 GFLOP/s, train-gru256's dW_hh 3–5% faster).
    private readonly int _dPreStride, _dNewStride;

    // Per-step working rows, [batch][·].
    private readonly AlignedBuffer _hiddenState, _cellState, _recurrentStep, _stepProjection, _dHidden, _dCell, _dRecurrentStep, _dHiddenProduct, _dHiddenDirect;
    private readonly AlignedBuffer _streamHidden, _streamCell;

    // The zero initial state: the previous h and c of every sequence's first step, unless the run starts from states.
    private readonly AlignedBuffer _zeroState;

    // The initial states a run from states starts from, [batch][·], kept for backward (the first step's previous h and c).
    private readonly AlignedBuffer _initialHidden, _initialCell;

    // The pre-activation gradients of each sequence's first processed step, [batch][gates]: dW_hh's initial-state term.
    private readonly AlignedBuffer _dFirstStep;

    // Internal-layout gradients before unpacking to PyTorch layout.
    private readonly AlignedBuffer _gradInputWeights, _gradRecurrentWeights, _gradInputBias, _gradRecurrentBias;

    // The bias gradients of the batch's two halves (the second core's sequences with two cores, and the rest), [2][gates]
    // and a GRU's n block [2][hidden]: each half is summed by whichever core runs its sequences, then the halves added.
    private readonly AlignedBuffer _inputBiasHalves, _recurrentNewBiasHalves;

    /// <summary>
    /// Inputs (padded) up to which dW_ih is computed as its transpose xᵀ·dPre ([inputs][gates]): with two vectors of
    /// outputs or fewer, dPreᵀ·x runs narrow register tiles that load more than they multiply (measured 122 against
    /// 166 GFLOP/s for 28 inputs, 512 gates, 1,792 rows). Every element is the same sum in the same order either way.
    /// </summary>
    private const int MaxTransposedGradientInputs = 32;

    private readonly bool _inputGradientTransposed;

    public RecurrentDirection(string name, CellKind cell, Activation activation, int hidden, int layerIndex, bool reverse, FeatureLayout input, int maxSteps, int maxBatch)
    {
        _cell = cell;
        _relu = activation == Activation.Relu;
        _hidden = hidden;
        _input = input;
        _state = FeatureLayout.Plain(hidden);
        int gateCount = cell switch { CellKind.Lstm => 4, CellKind.Gru => 3, _ => 1 };
        _gates = FeatureLayout.Segmented(hidden, gateCount);
        _hp = _state.Padded;
        _gp = _gates.Padded;
        Reverse = reverse;
        _prefix = name;
        _suffix = "_l" + layerIndex.ToString(System.Globalization.CultureInfo.InvariantCulture) + (reverse ? "_reverse" : "");

        int kp = input.Padded;
        int rows = maxSteps * maxBatch;
        _gateRowStride = WeightRowStride.For(_gp);
        _inputRowStride = WeightRowStride.ForGateRows(kp);
        _stateRowStride = WeightRowStride.ForGateRows(_hp);
        _inputWeightsT = new AlignedBuffer(kp * _gateRowStride);
        _recurrentWeightsT = new AlignedBuffer(_hp * _gateRowStride);
        _inputBias = new AlignedBuffer(_gp);
        _recurrentBias = new AlignedBuffer(_gp);
        _inputWeightsRows = new AlignedBuffer(_gp * _inputRowStride);
        _recurrentWeightsRows = new AlignedBuffer(_gp * _stateRowStride);

        _inputProjection = new AlignedBuffer(rows * _gp);
        _gateActivations = new AlignedBuffer(rows * _gp);
        bool lstm = cell == CellKind.Lstm, gru = cell == CellKind.Gru;
        _cellCache = new AlignedBuffer(lstm ? rows * _hp : 0);
        _recurrentNew = new AlignedBuffer(gru ? rows * _hp : 0);
        _dPreStride = WeightRowStride.For(_gp);
        _dNewStride = WeightRowStride.For(_hp);
        _dInputPre = new AlignedBuffer(rows * _dPreStride);
        _dRecurrentNew = new AlignedBuffer(gru ? rows * _dNewStride : 0);

        _hiddenState = new AlignedBuffer(maxBatch * _hp);
        _cellState = new AlignedBuffer(maxBatch * _hp);
        _recurrentStep = new AlignedBuffer(maxBatch * _gp);
        _stepProjection = new AlignedBuffer(maxBatch * _gp);
        _dHidden = new AlignedBuffer(maxBatch * _hp);
        _dCell = new AlignedBuffer(maxBatch * _hp);
        _dRecurrentStep = new AlignedBuffer(maxBatch * _gp);
        _dHiddenProduct = new AlignedBuffer(maxBatch * _hp);
        _dHiddenDirect = new AlignedBuffer(gru ? maxBatch * _hp : 0);
        _zeroState = new AlignedBuffer(_hp);
        _initialHidden = new AlignedBuffer(maxBatch * _hp);
        _initialCell = new AlignedBuffer(maxBatch * _hp);
        _dFirstStep = new AlignedBuffer(maxBatch * _gp);
        _streamHidden = new AlignedBuffer(_hp);
        _streamCell = new AlignedBuffer(_hp);

        _gradInputWeights = new AlignedBuffer(_gp * kp);
        _inputGradientTransposed = kp <= MaxTransposedGradientInputs;
        _gradRecurrentWeights = new AlignedBuffer(_gp * _hp);
        _gradInputBias = new AlignedBuffer(_gp);
        _gradRecurrentBias = new AlignedBuffer(_gp);
        _inputBiasHalves = new AlignedBuffer(2 * _gp);
        _recurrentNewBiasHalves = new AlignedBuffer(gru ? 2 * _hp : 0);
        _sequencesWork = CreateSequencesWork(maxBatch);
    }

    public bool Reverse { get; }

    /// <summary>Padded hidden width (the column block this direction owns in its output row).</summary>
    public int HiddenPadded => _hp;

    /// <summary>The final hidden state of each sequence after <see cref="Forward{TIsa, TVec}"/>, <c>[batch][HiddenPadded]</c>.</summary>
    public Span<float> FinalHidden(in RunContext run) => _hiddenState.Slice(0, run.Batch * _hp);

    /// <summary>
    /// Sets sequence <paramref name="sequence"/>'s initial h (and an LSTM's c; other cells pass an empty span) for the
    /// next <see cref="Forward{TIsa, TVec}"/> run with <see cref="RunContext.FromStates"/>; the padding stays zero.
    /// </summary>
    public void StageInitialState(int sequence, ReadOnlySpan<float> hidden, ReadOnlySpan<float> cell)
    {
        Span<float> hiddenRow = _initialHidden.Slice(sequence * _hp, _hp), cellRow = _initialCell.Slice(sequence * _hp, _hp);
        hiddenRow.Clear();
        cellRow.Clear();
        hidden.CopyTo(hiddenRow);
        cell.CopyTo(cellRow);
    }

    /// <summary>
    /// Sequence <paramref name="sequence"/>'s dL/d(initial h) (and an LSTM's dL/d(initial c)) after a backward pass with
    /// <see cref="RunContext.StateGradients"/>.
    /// </summary>
    public void CopyInitialStateGradient(int sequence, Span<float> hidden, Span<float> cell)
    {
        _dHidden.Slice(sequence * _hp, _hidden).CopyTo(hidden);
        if (!cell.IsEmpty) _dCell.Slice(sequence * _hp, _hidden).CopyTo(cell);
    }

    /// <summary>Sequence <paramref name="sequence"/>'s h (and an LSTM's c) after the last forward pass: PyTorch's h_n and c_n.</summary>
    public void CopyFinalState(int sequence, Span<float> hidden, Span<float> cell)
    {
        _hiddenState.Slice(sequence * _hp, _hidden).CopyTo(hidden);
        if (!cell.IsEmpty) _cellState.Slice(sequence * _hp, _hidden).CopyTo(cell);
    }

    /// <summary>
    /// The direction's four tensors, initialized as <paramref name="spec"/> says: PyTorch's U(±1/√hidden) by default; an
    /// LSTM's <see cref="RecurrentSpec.ForgetBias"/> then goes into the forget rows (i, f, g, o: rows hidden … 2·hidden)
    /// of bias_ih, and 0 into those of bias_hh, so their sum starts at it.
    /// </summary>
    public IEnumerable<ParameterDeclaration> DeclareParameters(RecurrentSpec spec)
    {
        float bound = 1f / MathF.Sqrt(_hidden);
        int gateRows = _gates.Width;
        ParameterFill? forgetIh = spec.ForgetBias is { } forget ? new ParameterFill(_hidden, _hidden, forget) : null;
        ParameterFill? forgetHh = spec.ForgetBias is not null ? new ParameterFill(_hidden, _hidden, 0f) : null;
        yield return new ParameterDeclaration(Name("weight_ih"), [gateRows, _input.Width], InitKind.Uniform, bound, spec.InputWeights);
        yield return new ParameterDeclaration(Name("weight_hh"), [gateRows, _hidden], InitKind.Uniform, bound, spec.RecurrentWeights);
        yield return new ParameterDeclaration(Name("bias_ih"), [gateRows], InitKind.Uniform, bound, spec.Biases, forgetIh);
        yield return new ParameterDeclaration(Name("bias_hh"), [gateRows], InitKind.Uniform, bound, spec.Biases, forgetHh);
    }

    private string Name(string tensor) => _prefix + "." + tensor + _suffix;

    public void Bind(ParameterBinder binder)
    {
        _weightIh = binder.Parameter(Name("weight_ih"));
        _weightHh = binder.Parameter(Name("weight_hh"));
        _biasIh = binder.Parameter(Name("bias_ih"));
        _biasHh = binder.Parameter(Name("bias_hh"));
        _gradWeightIh = binder.Gradient(Name("weight_ih"));
        _gradWeightHh = binder.Gradient(Name("weight_hh"));
        _gradBiasIh = binder.Gradient(Name("bias_ih"));
        _gradBiasHh = binder.Gradient(Name("bias_hh"));
    }

    public void Pack()
    {
        WeightPacking.PackTransposed(_weightIh.Span, _gates, _input, _inputWeightsT.Span, _gateRowStride);
        WeightPacking.PackTransposed(_weightHh.Span, _gates, _state, _recurrentWeightsT.Span, _gateRowStride);
        WeightPacking.PackRows(_weightIh.Span, _gates, _input, _inputWeightsRows.Span, _inputRowStride);
        WeightPacking.PackRows(_weightHh.Span, _gates, _state, _recurrentWeightsRows.Span, _stateRowStride);
        WeightPacking.PackVector(_biasIh.Span, _gates, _inputBias.Span);
        WeightPacking.PackVector(_biasHh.Span, _gates, _recurrentBias.Span);
    }

    public void ResetState()
    {
        _streamHidden.Span.Clear();
        _streamCell.Span.Clear();
    }

    /// <summary>The kept streaming h (its real <c>hidden</c> floats; the padding stays zero).</summary>
    public Span<float> StreamHidden => _streamHidden.Span.Slice(0, _hidden);

    /// <summary>The kept streaming c of an LSTM (its real <c>hidden</c> floats).</summary>
    public Span<float> StreamCell => _streamCell.Span.Slice(0, _hidden);

    /// <summary>The step of sequence <paramref name="sequence"/> processed at loop iteration <paramref name="iteration"/>, or −1 once it has ended.</summary>
    private int StepAt(in RunContext run, int iteration, int sequence)
    {
        int length = run.Lengths[sequence];
        if (iteration >= length) return -1;
        return Reverse ? length - 1 - iteration : iteration;
    }

    /// <summary>
    /// Runs the direction over <paramref name="input"/> (<c>[steps][batch][input.Padded]</c>) and writes h of every
    /// step into <paramref name="output"/> rows of <paramref name="outputStride"/> floats at <paramref name="outputOffset"/>.
    /// </summary>
    public void Forward<TIsa, TVec>(in RunContext run, ReadOnlySpan<float> input, Span<float> output, int outputStride, int outputOffset)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        int batch = run.Batch, steps = run.Steps, rows = steps * batch, kp = _input.Padded;
        // Input projection [steps·batch][in] × [in][gates] + b_ih (one run: x is given, not on a chain): step by step in
        // the recurrence when that suits (ProjectsEachStep), else of all steps at once. Each element is the same sum.
        if (!ProjectsEachStep(run))
        {
            Product<TIsa, TVec>(input, kp, _inputWeightsT.Span, _inputProjection.Slice(0, rows * _gp), rows, _input.Depth, _inputBias.Span, runLength: _input.Depth, run.TwoCores);
        }

        // Every sequence starts from zero, or from the state staged for it (streaming steps keep their own: see StreamStep).
        if (run.FromStates)
        {
            _initialHidden.Slice(0, batch * _hp).CopyTo(_hiddenState.Span);
            _initialCell.Slice(0, batch * _hp).CopyTo(_cellState.Span);
        }
        else
        {
            _hiddenState.Slice(0, batch * _hp).Clear();
            _cellState.Slice(0, batch * _hp).Clear();
        }
        ClearPaddedSteps(run, output, outputStride, outputOffset);

        if (run.TwoCores && batch >= MinRowsToSplit) SequencesOnTwoCores<TIsa, TVec>(backward: false, run, input, output, outputStride, outputOffset, noPadding: false);
        else ForwardSequences<TIsa, TVec>(run, input, output, outputStride, outputOffset, 0, batch, run.TwoCores);
    }

    /// <summary>
    /// The recurrence of sequences [<paramref name="first"/>, <paramref name="end"/>) over every step: their input
    /// projection when it goes step by step (<see cref="ProjectsEachStep"/>), the recurrent product of their rows
    /// ([count][hidden] × [hidden][gates] + b_hh), then their cell updates. A sequence's rows
    /// depend on no other sequence, so a range runs on its own; <paramref name="productsOnTwoCores"/> lets each
    /// product split between cores instead.
    /// </summary>
    private void ForwardSequences<TIsa, TVec>(in RunContext run, ReadOnlySpan<float> input, Span<float> output, int outputStride, int outputOffset, int first, int end, bool productsOnTwoCores)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        int count = end - first, kp = _input.Padded;
        bool projectEachStep = ProjectsEachStep(run);
        Span<float> hidden = _hiddenState.Slice(first * _hp, count * _hp);
        Span<float> recurrent = _recurrentStep.Slice(first * _gp, count * _gp);
        Span<float> projection = _stepProjection.Slice(first * _gp, count * _gp);
        for (int iteration = 0; iteration < run.Steps; iteration++)
        {
            if (projectEachStep)
            {
                // Every sequence is at the same step, whose rows are contiguous.
                int firstRow = StepAt(run, iteration, first) * run.Batch + first;
                Product<TIsa, TVec>(input.Slice(firstRow * kp, count * kp), kp, _inputWeightsT.Span, projection, count, _input.Depth, _inputBias.Span, runLength: _input.Depth, productsOnTwoCores);
            }
            // A sequence starting from h = 0 has b_hh exactly as its product: the first iteration reads the bias instead.
            if (iteration > 0 || run.FromStates) Product<TIsa, TVec>(hidden, _hp, _recurrentWeightsT.Span, recurrent, count, _hidden, _recurrentBias.Span, RecurrentRunLength, productsOnTwoCores);
            ForwardRows<TIsa, TVec>(run, iteration, output, outputStride, outputOffset, first, end, projectEachStep);
        }
    }

    /// <summary>Batches from this size on take their input projection step by step (<see cref="ProjectsEachStep"/>).</summary>
    private const int MinBatchToProjectEachStep = 32;

    /// <summary>
    /// Whether the forward pass projects x one step at a time, into a buffer that stays in L2, instead of all steps in
    /// one pass: only when every sequence is at the same step (their rows contiguous) and a step has rows enough for
    /// full register tiles (measured for train-rows' 64 rows: 197 against 138 GFLOP/s; a batch of one would multiply
    /// a single row per step instead of 100 rows at once: seq-lstm128 took 347 µs against 260–290).
    /// </summary>
    private static bool ProjectsEachStep(in RunContext run) => run.Batch >= MinBatchToProjectEachStep && run.NoPadding;

    /// <summary>The cell updates of sequences [<paramref name="first"/>, <paramref name="end"/>) at one loop iteration.</summary>
    private void ForwardRows<TIsa, TVec>(in RunContext run, int iteration, Span<float> output, int outputStride, int outputOffset, int first, int end, bool projectedThisStep)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        int batch = run.Batch;
        Span<float> hidden = _hiddenState.Slice(0, batch * _hp);
        Span<float> cellState = _cellState.Slice(0, batch * _hp);
        Span<float> recurrent = _recurrentStep.Slice(0, batch * _gp);
        bool lstm = _cell == CellKind.Lstm;
        for (int b = first; b < end; b++)
        {
            int step = StepAt(run, iteration, b);
            if (step < 0) continue;
            int row = step * batch + b;
            Span<float> h = hidden.Slice(b * _hp, _hp);
            Span<float> outRow = output.Slice(row * outputStride + outputOffset, _hp);
            ReadOnlySpan<float> xg = projectedThisStep ? _stepProjection.Slice(b * _gp, _gp) : _inputProjection.Slice(row * _gp, _gp);
            ReadOnlySpan<float> rh = iteration == 0 && !run.FromStates ? _recurrentBias.Span : recurrent.Slice(b * _gp, _gp);
            Span<float> gates = _gateActivations.Slice(row * _gp, _gp);
            Span<float> c = cellState.Slice(b * _hp, _hp);
            Cell<TIsa, TVec>(xg, rh, gates, c, RecurrentNewRow(row), h, outRow);
            if (run.Training && lstm) c.CopyTo(_cellCache.Slice(row * _hp, _hp));
        }
    }

    /// <summary>The packed weights and kept state, for a generated streaming kernel.</summary>
    public Streaming.RecurrentStreamOperands StreamOperands() =>
        new(_input.Depth, _hp, _gp, _gateRowStride, RecurrentRunLength, _inputWeightsT, _recurrentWeightsT, _inputBias, _recurrentBias, _streamHidden, _streamCell, _inputProjection, _recurrentStep);

    /// <summary>
    /// One streaming step: the same products and cell math as <see cref="Forward{TIsa, TVec}"/> on a batch of
    /// one (so the same bits), without the sequence bookkeeping; the kept state is updated in place.
    /// </summary>
    public void StreamStep<TIsa, TVec>(ReadOnlySpan<float> input, Span<float> output)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        Span<float> projection = _inputProjection.Slice(0, _gp);
        Span<float> recurrent = _recurrentStep.Slice(0, _gp);
        Span<float> gates = _gateActivations.Slice(0, _gp);
        Span<float> hidden = _streamHidden.Span;
        Product<TIsa, TVec>(input, _input.Padded, _inputWeightsT.Span, projection, 1, _input.Depth, _inputBias.Span, runLength: _input.Depth, twoCores: false);
        Product<TIsa, TVec>(hidden, _hp, _recurrentWeightsT.Span, recurrent, 1, _hidden, _recurrentBias.Span, RecurrentRunLength, twoCores: false);
        Cell<TIsa, TVec>(projection, recurrent, gates, _streamCell.Span, RecurrentNewRow(0), hidden, output);
    }

    /// <summary>
    /// The element-wise update of one sequence's step (<see cref="CellMath{TIsa, TVec}"/> for this cell): h and, for an
    /// LSTM, c in place; the gate activations (and, for a GRU, W_hn·h + b_hn) kept for backward.
    /// </summary>
    private void Cell<TIsa, TVec>(ReadOnlySpan<float> xg, ReadOnlySpan<float> rh, Span<float> gates, Span<float> c, Span<float> recurrentNew, Span<float> h, Span<float> output)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        switch (_cell)
        {
            case CellKind.Lstm: CellMath<TIsa, TVec>.LstmForward(xg, rh, gates, c, h, output, _hp); break;
            case CellKind.Gru: CellMath<TIsa, TVec>.GruForward(xg, rh, gates, recurrentNew, h, output, _hp); break;
            default: CellMath<TIsa, TVec>.RnnForward(xg, rh, _relu, gates, h, output, _hp); break;
        }
    }

    /// <summary>Row <paramref name="row"/> of the GRU's W_hn·h + b_hn cache (empty for other cells).</summary>
    private Span<float> RecurrentNewRow(int row) => _cell == CellKind.Gru ? _recurrentNew.Slice(row * _hp, _hp) : default;

    /// <summary>W_hh·h is summed in runs when the hidden size is small (<see cref="ProductRuns"/>): it is the chain every step waits on.</summary>
    private int RecurrentRunLength => ProductRuns.Length(_hidden);

    /// <summary>
    /// [rows][k] × [k][gates] (packed weights, rows <see cref="WeightRowStride"/> apart) + bias into [rows][gates],
    /// summed in runs of <paramref name="runLength"/> inputs. A single row (streaming, or one sequence's recurrent
    /// step) takes the lean matrix-vector kernel, whose per-element operation order is the same, so the bits are too.
    /// </summary>
    private void Product<TIsa, TVec>(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, Span<float> c, int rows, int k, ReadOnlySpan<float> bias, int runLength, bool twoCores)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        if (rows == 1)
        {
            MatVec<TIsa, TVec>.Multiply(
                ref MemoryMarshal.GetReference(a), k, ref MemoryMarshal.GetReference(b), _gateRowStride,
                ref MemoryMarshal.GetReference(c), _gp, ref MemoryMarshal.GetReference(bias), hasBias: true, runLength, twoCores);
            return;
        }
        MatMul<TIsa, TVec>.Multiply(a, lda, b, _gateRowStride, c, _gp, rows, k, _gp, bias, accumulate: false, runLength, twoCores);
    }

    /// <summary>
    /// Zeroes the output rows of padded steps, so later products (and dW_hh, which reads them as previous h) see exact
    /// zeros there.
    /// </summary>
    private void ClearPaddedSteps(in RunContext run, Span<float> output, int outputStride, int outputOffset)
    {
        int batch = run.Batch;
        for (int b = 0; b < batch; b++)
        {
            for (int step = run.Lengths[b]; step < run.Steps; step++)
            {
                int row = step * batch + b;
                output.Slice(row * outputStride + outputOffset, _hp).Clear();
            }
        }
    }

    /// <summary>
    /// Backpropagation through time. <paramref name="output"/> is the forward pass's output (h of every step, rows of
    /// <paramref name="outputStride"/> floats at <paramref name="outputOffset"/>); <paramref name="dOutput"/> holds
    /// dL/dh of every step in the same layout or is empty; <paramref name="dFinal"/> holds dL/d(final h)
    /// <c>[batch][HiddenPadded]</c> or is empty, and <paramref name="dFinalCell"/> likewise dL/d(final c) of an LSTM.
    /// Overwrites this direction's parameter gradients when <paramref name="weightGradients"/> (a frozen layer's stay as
    /// they are); adds dL/dx into <paramref name="dInput"/> unless it is empty.
    /// With <see cref="RunContext.StateGradients"/> the gradient reaches the initial state too
    /// of a run from states (<see cref="CopyInitialStateGradient"/>); with <see cref="RunContext.FromStates"/> the first
    /// step's previous h and c are the staged initial state.
    /// </summary>
    public void Backward<TIsa, TVec>(in RunContext run, ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, int outputStride, int outputOffset, ReadOnlySpan<float> dFinal, ReadOnlySpan<float> dFinalCell, Span<float> dInput, bool weightGradients)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        int batch = run.Batch, steps = run.Steps, rows = steps * batch, kp = _input.Padded;
        Span<float> dHidden = _dHidden.Slice(0, batch * _hp);
        Span<float> dCell = _dCell.Slice(0, batch * _hp);
        if (dFinal.IsEmpty) dHidden.Clear(); else dFinal.CopyTo(dHidden);
        if (dFinalCell.IsEmpty) dCell.Clear(); else dFinalCell.CopyTo(dCell);
        Span<float> dInputPre = _dInputPre.Slice(0, rows * _dPreStride);
        bool noPadding = run.NoPadding;
        _inputBiasHalves.Span.Clear();
        _recurrentNewBiasHalves.Span.Clear();
        // Every real step overwrites its whole row; only padded rows must read as zeros in the products below.
        if (!noPadding)
        {
            dInputPre.Clear();
            if (_cell == CellKind.Gru) _dRecurrentNew.Slice(0, rows * _dNewStride).Clear();
        }
        if (run.TwoCores && batch >= MinRowsToSplit) SequencesOnTwoCores<TIsa, TVec>(backward: true, run, output, dOutput, outputStride, outputOffset, noPadding);
        else BackwardSequences<TIsa, TVec>(run, output, dOutput, outputStride, outputOffset, noPadding, 0, batch, run.TwoCores);
        if (weightGradients)
        {
            AddBiasHalves<TIsa, TVec>();
            // Weight gradients over all steps (the bias gradients were summed in the loop above).
            WeightGradients<TIsa, TVec>(run, dInputPre, input, output, outputStride, outputOffset);
            // An LSTM's or RNN's two biases share their pre-activation gradient; a GRU's share it for r and z (its n differs).
            _gradInputBias.Slice(0, SharedRecurrentGates).CopyTo(_gradRecurrentBias.Span);
            WeightPacking.UnpackRows(_gradRecurrentWeights.Span, _gates, _state, _gradWeightHh.Span);
            WeightPacking.UnpackVector(_gradInputBias.Span, _gates, _gradBiasIh.Span);
            WeightPacking.UnpackVector(_gradRecurrentBias.Span, _gates, _gradBiasHh.Span);
        }

        if (!dInput.IsEmpty)
        {
            // dL/dx = dPre · W_ih: [steps·batch][gates] × [gates][in], added to what other consumers of x put there.
            MatMul<TIsa, TVec>.Multiply(dInputPre, _dPreStride, _inputWeightsRows.Span, _inputRowStride, dInput, kp, rows, _gp, kp, default, accumulate: true, runLength: _gp, run.TwoCores);
        }
    }

    /// <summary>
    /// dW_ih = dPreᵀ·x over all rows, in PyTorch layout (computed as its transpose xᵀ·dPre for few inputs,
    /// <see cref="MaxTransposedGradientInputs"/>), and dW_hh = dRecurrentᵀ·h(previous), with h(previous) read in place
    /// from the output rows one step before (forward) or after (reverse). The first step in processing order, which has
    /// no row before it, is left out of dW_hh: its previous h is the zero initial state (padded steps' output rows are
    /// zeros, and so are their gradients), or a staged one whose term is added after (<see cref="AddInitialStateTerm"/>). The two run as a pair (on two cores, shared by multiply-adds); a GRU's n gate
    /// rows of dW_hh come from their own source (<see cref="_dRecurrentNew"/>): one more product, every element still
    /// one chain.
    /// </summary>
    private void WeightGradients<TIsa, TVec>(in RunContext run, ReadOnlySpan<float> dInputPre, ReadOnlySpan<float> input, ReadOnlySpan<float> output, int outputStride, int outputOffset)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        int batch = run.Batch, rows = run.Steps * batch, depth = (run.Steps - 1) * batch, kp = _input.Padded;
        int gradientRow = Reverse ? 0 : batch, previousRow = Reverse ? batch : 0;
        ReadOnlySpan<float> previousHidden = depth == 0 ? default : output.Slice(previousRow * outputStride + outputOffset);
        ReadOnlySpan<float> recurrentPre = _dInputPre.Slice(gradientRow * _dPreStride, depth * _dPreStride);
        Span<float> recurrentGradient = _gradRecurrentWeights.Span;
        int sharedGates = SharedRecurrentGates;
        // dW_ih as xᵀ·dPre ([inputs][gates]) or as dPreᵀ·x ([gates][inputs]).
        bool transposed = _inputGradientTransposed;
        ReadOnlySpan<float> left = transposed ? input : dInputPre, right = transposed ? dInputPre : input;
        int leftStride = transposed ? kp : _dPreStride, rightStride = transposed ? _dPreStride : kp;
        int leftWidth = transposed ? kp : _gp, rightWidth = transposed ? _gp : kp;
        MatMul<TIsa, TVec>.MultiplyTransposedAPair(
            left, leftStride, right, rightStride, _gradInputWeights.Span, rightWidth, rows, leftWidth, rightWidth,
            recurrentPre, _dPreStride, previousHidden, outputStride, recurrentGradient, _hp, depth, sharedGates, _hp, run.TwoCores);
        if (transposed) WeightPacking.UnpackTransposed(_gradInputWeights.Span, _gates, _input, _gradWeightIh.Span);
        else WeightPacking.UnpackRows(_gradInputWeights.Span, _gates, _input, _gradWeightIh.Span);
        if (_cell == CellKind.Gru)
        {
            MatMul<TIsa, TVec>.MultiplyTransposedA(
                _dRecurrentNew.Slice(gradientRow * _dNewStride, depth * _dNewStride), _dNewStride, previousHidden, outputStride,
                recurrentGradient.Slice(sharedGates * _hp), _hp, depth, _hp, _hp, accumulate: false, run.TwoCores);
        }
        if (run.FromStates) AddInitialStateTerm<TIsa, TVec>(run);
    }

    /// <summary>
    /// dW_hh += dRecurrent(first step)ᵀ · h(initial) over the batch: the first processed step's term, whose previous h is
    /// the staged initial state rather than an output row (left out above). Each sequence's first step (the last real
    /// one of a reverse direction) is gathered into one row per sequence, a GRU's n block from its own source.
    /// </summary>
    private void AddInitialStateTerm<TIsa, TVec>(in RunContext run)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        int batch = run.Batch, sharedGates = SharedRecurrentGates;
        for (int b = 0; b < batch; b++)
        {
            int row = StepAt(run, 0, b) * batch + b;
            Span<float> first = _dFirstStep.Slice(b * _gp, _gp);
            _dInputPre.Slice(row * _dPreStride, sharedGates).CopyTo(first);
            if (_cell == CellKind.Gru) _dRecurrentNew.Slice(row * _dNewStride, _hp).CopyTo(first.Slice(sharedGates));
        }
        MatMul<TIsa, TVec>.MultiplyTransposedA(
            _dFirstStep.Slice(0, batch * _gp), _gp, _initialHidden.Slice(0, batch * _hp), _hp,
            _gradRecurrentWeights.Span, _hp, batch, _gp, _hp, accumulate: true, run.TwoCores);
    }

    /// <summary>The gate rows the recurrent product's gradient shares with the input product's: all, or a GRU's r and z.</summary>
    private int SharedRecurrentGates => _cell == CellKind.Gru ? 2 * _hp : _gp;

    /// <summary>
    /// Backpropagation through time of sequences [<paramref name="first"/>, <paramref name="end"/>) over every step:
    /// their cell backward, then dL/dh(previous) = dRecurrent · W_hh for their rows ([count][gates] × [gates][hidden]).
    /// Like the forward recurrence, a range of sequences runs on its own.
    /// </summary>
    private void BackwardSequences<TIsa, TVec>(in RunContext run, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, int outputStride, int outputOffset, bool noPadding, int first, int end, bool productsOnTwoCores)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        int batch = run.Batch, count = end - first;
        Span<float> dHidden = _dHidden.Slice(first * _hp, count * _hp);
        Span<float> dRecurrentStep = _dRecurrentStep.Slice(first * _gp, count * _gp);
        Span<float> dProduct = _dHiddenProduct.Slice(first * _hp, count * _hp);
        for (int iteration = run.Steps - 1; iteration >= 0; iteration--)
        {
            BackwardRows<TIsa, TVec>(run, iteration, output, dOutput, outputStride, outputOffset, noPadding, first, end);
            // dL/dh before the first step reaches only the initial state: wanted for a run from given states.
            if (iteration == 0 && !(run.StateGradients && run.FromStates)) break;
            // Without padding every sequence is at the same step, whose rows are contiguous: the product reads them in
            // place and writes dL/dh directly; otherwise ended sequences take zero rows and keep their gradient.
            if (noPadding)
            {
                int firstRow = StepAt(run, iteration, first) * batch + first;
                HiddenGradientInPlace<TIsa, TVec>(firstRow, count, dHidden, productsOnTwoCores);
                if (_cell == CellKind.Gru) Accumulate<TIsa, TVec>(_dHiddenDirect.Slice(first * _hp, count * _hp), dHidden);
                continue;
            }
            MatMul<TIsa, TVec>.Multiply(dRecurrentStep, _gp, _recurrentWeightsRows.Span, _stateRowStride, dProduct, _hp, count, _gp, _hp, default, accumulate: false, runLength: _gp, productsOnTwoCores);
            for (int b = first; b < end; b++)
            {
                if (StepAt(run, iteration, b) < 0) continue; // an ended sequence carries its gradient unchanged
                Span<float> dh = _dHidden.Slice(b * _hp, _hp);
                _dHiddenProduct.Slice(b * _hp, _hp).CopyTo(dh);
                if (_cell == CellKind.Gru) Accumulate<TIsa, TVec>(_dHiddenDirect.Slice(b * _hp, _hp), dh);
            }
        }
    }

    /// <summary>
    /// dL/dh(previous) = dRecurrent · W_hh for <paramref name="count"/> contiguous rows from <paramref name="firstRow"/>,
    /// read where backward wrote them: one chain per element over the gates in order; a GRU's runs over its r and z
    /// blocks (in dInputPre) and then continues from the stored sum over its n block (in <see cref="_dRecurrentNew"/>).
    /// </summary>
    private void HiddenGradientInPlace<TIsa, TVec>(int firstRow, int count, Span<float> dHidden, bool twoCores)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        ReadOnlySpan<float> weights = _recurrentWeightsRows.Span;
        int sharedGates = SharedRecurrentGates;
        MatMul<TIsa, TVec>.Multiply(
            _dInputPre.Slice(firstRow * _dPreStride, count * _dPreStride), _dPreStride, weights, _stateRowStride,
            dHidden, _hp, count, sharedGates, _hp, default, accumulate: false, runLength: sharedGates, twoCores);
        if (_cell != CellKind.Gru) return;
        MatMul<TIsa, TVec>.Multiply(
            _dRecurrentNew.Slice(firstRow * _dNewStride, count * _dNewStride), _dNewStride, weights.Slice(sharedGates * _stateRowStride), _stateRowStride,
            dHidden, _hp, count, _hp, _hp, default, accumulate: true, runLength: _hp, twoCores);
    }

    /// <summary>
    /// The cell backward of sequences [<paramref name="first"/>, <paramref name="end"/>) at one loop iteration: dL/dh
    /// gets the output gradient, the pre-activation gradients of the step are written and added to their half's bias
    /// gradients while the rows are in L1.
    /// </summary>
    private void BackwardRows<TIsa, TVec>(in RunContext run, int iteration, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, int outputStride, int outputOffset, bool noPadding, int first, int end)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        int batch = run.Batch;
        Span<float> dHidden = _dHidden.Slice(0, batch * _hp);
        Span<float> dCell = _dCell.Slice(0, batch * _hp);
        Span<float> dRecurrentStep = _dRecurrentStep.Slice(0, batch * _gp);
        for (int b = first; b < end; b++)
        {
            Span<float> dRecurrentRow = dRecurrentStep.Slice(b * _gp, _gp);
            int step = StepAt(run, iteration, b);
            if (step < 0)
            {
                dRecurrentRow.Clear();
                continue;
            }
            int row = step * batch + b;
            Span<float> dh = dHidden.Slice(b * _hp, _hp);
            if (!dOutput.IsEmpty) Accumulate<TIsa, TVec>(dOutput.Slice(row * outputStride + outputOffset, _hp), dh);
            ReadOnlySpan<float> gates = _gateActivations.Slice(row * _gp, _gp);
            Span<float> dPre = _dInputPre.Slice(row * _dPreStride, _gp);
            int previousRow = PreviousRow(run, iteration, b);
            switch (_cell)
            {
                case CellKind.Lstm:
                    ReadOnlySpan<float> previousCell = previousRow < 0 ? InitialRow(run, _initialCell, b) : _cellCache.Slice(previousRow * _hp, _hp);
                    CellMath<TIsa, TVec>.LstmBackward(gates, _cellCache.Slice(row * _hp, _hp), previousCell, dh, dCell.Slice(b * _hp, _hp), dPre, _hp);
                    break;
                case CellKind.Gru:
                    ReadOnlySpan<float> previousHidden = previousRow < 0 ? InitialRow(run, _initialHidden, b) : output.Slice(previousRow * outputStride + outputOffset, _hp);
                    CellMath<TIsa, TVec>.GruBackward(gates, _recurrentNew.Slice(row * _hp, _hp), previousHidden, dh, dPre, _dRecurrentNew.Slice(row * _dNewStride, _hp), _dHiddenDirect.Slice(b * _hp, _hp), _hp);
                    break;
                default:
                    CellMath<TIsa, TVec>.RnnBackward(gates, dh, _relu, dPre, _hp);
                    break;
            }
            AccumulateBiasGradients<TIsa, TVec>(row, b < SecondCoreSequences(run) ? 0 : 1);
            if (!noPadding)
            {
                // The step's recurrent pre-activation gradients as one row for the product: a GRU's n block from its own buffer.
                dPre.CopyTo(dRecurrentRow);
                if (_cell == CellKind.Gru) _dRecurrentNew.Slice(row * _dNewStride, _hp).CopyTo(dRecurrentRow.Slice(SharedRecurrentGates));
            }
        }
    }

    /// <summary>Sequence <paramref name="sequence"/>'s initial h or c (<paramref name="staged"/>) in a run from states, else the zero state.</summary>
    private ReadOnlySpan<float> InitialRow(in RunContext run, AlignedBuffer staged, int sequence) =>
        run.FromStates ? staged.Slice(sequence * _hp, _hp) : _zeroState.Span;

    /// <summary>The row of sequence <paramref name="sequence"/>'s step before the one of iteration <paramref name="iteration"/>, or −1 at its first step.</summary>
    private int PreviousRow(in RunContext run, int iteration, int sequence) =>
        iteration == 0 ? -1 : StepAt(run, iteration - 1, sequence) * run.Batch + sequence;

    /// <summary>
    /// Adds row <paramref name="row"/>'s pre-activation gradients to its half's bias gradients (<paramref name="half"/>
    /// 0: the sequences the second core runs with two cores, <see cref="SecondCoreSequences"/>): b_ih's, and for a GRU
    /// b_hh's n block, the only one that differs (r⊙dn; r and z are b_ih's, copied once after the loop). Each half is
    /// one core's with two cores, summed in the order one core sums it.
    /// </summary>
    private void AccumulateBiasGradients<TIsa, TVec>(int row, int half)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        Accumulate<TIsa, TVec>(_dInputPre.Slice(row * _dPreStride, _gp), _inputBiasHalves.Slice(half * _gp, _gp));
        if (_cell == CellKind.Gru) Accumulate<TIsa, TVec>(_dRecurrentNew.Slice(row * _dNewStride, _hp), _recurrentNewBiasHalves.Slice(half * _hp, _hp));
    }

    /// <summary>The bias gradients: the first half's sums plus the second's (b_ih, and a GRU's n block of b_hh).</summary>
    private void AddBiasHalves<TIsa, TVec>()
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        _inputBiasHalves.Slice(0, _gp).CopyTo(_gradInputBias.Span);
        Accumulate<TIsa, TVec>(_inputBiasHalves.Slice(_gp, _gp), _gradInputBias.Span);
        if (_cell != CellKind.Gru) return;
        Span<float> newBlock = _gradRecurrentBias.Slice(SharedRecurrentGates, _hp);
        _recurrentNewBiasHalves.Slice(0, _hp).CopyTo(newBlock);
        Accumulate<TIsa, TVec>(_recurrentNewBiasHalves.Slice(_hp, _hp), newBlock);
    }

    private static void Accumulate<TIsa, TVec>(ReadOnlySpan<float> source, Span<float> destination)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
        => VectorOps<TIsa, TVec>.AddInPlace(source, destination);
}
