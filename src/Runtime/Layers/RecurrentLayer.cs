using System;
using System.Collections.Generic;
using ModelCompiler.Runtime.Memory;
using ModelCompiler.Runtime.Simd;
using ModelCompiler.Runtime.Training;

namespace ModelCompiler.Runtime.Layers;

/// <summary>
/// <c>nn.RNN / nn.LSTM / nn.GRU</c> with <c>num_layers</c>, <c>bidirectional</c> and inter-layer <c>dropout</c>.
/// Its output is the top layer's sequence (<c>ReturnSequences</c>) or the final hidden state of the top layer,
/// forward then reverse (PyTorch's <c>h_n</c>), which for variable-length input is each sequence's last real step.
/// </summary>
internal sealed class RecurrentLayer : Layer
{
    private readonly RecurrentSpec _spec;
    private readonly RecurrentDirection[][] _directions;
    private readonly ActivationTensor[] _sequences;   // output sequence of each stacked layer
    private readonly ActivationTensor[] _dropped;     // input of stacked layer k+1 after dropout (training)
    private readonly AlignedBuffer[] _masks;
    private readonly AlignedBuffer _dFinal;
    // Staged dL/d(final h) and (LSTM) dL/d(final c) of every stacked layer and direction, [layers · directions][batch][hp].
    private readonly AlignedBuffer _dFinalHidden, _dFinalCell;
    private readonly int _maxBatch;
    private readonly ActivationTensor _output;
    private readonly DeterministicRandom _random;
    private readonly int _hp;

    public RecurrentLayer(RecurrentSpec spec, ActivationTensor input, int maxSteps, int maxBatch, DeterministicRandom random)
        : base(spec.Name, input)
    {
        _spec = spec;
        _random = random;
        int directions = spec.Bidirectional ? 2 : 1;
        FeatureLayout layout = FeatureLayout.Segmented(spec.Hidden, directions);
        _hp = layout.SegmentPadded;
        _directions = new RecurrentDirection[spec.Layers][];
        _sequences = new ActivationTensor[spec.Layers];
        _dropped = new ActivationTensor[Math.Max(0, spec.Layers - 1)];
        _masks = new AlignedBuffer[_dropped.Length];
        for (int k = 0; k < spec.Layers; k++)
        {
            FeatureLayout layerInput = k == 0 ? input.Layout : layout;
            _directions[k] = new RecurrentDirection[directions];
            for (int d = 0; d < directions; d++)
            {
                _directions[k][d] = new RecurrentDirection(spec.Name, spec.Cell, spec.Activation, spec.Hidden, k, reverse: d == 1, layerInput, maxSteps, maxBatch);
            }
            _sequences[k] = new ActivationTensor(layout, isSequence: true, maxSteps, maxBatch);
            if (k < spec.Layers - 1 && spec.Dropout > 0f)
            {
                _dropped[k] = new ActivationTensor(layout, isSequence: true, maxSteps, maxBatch);
                _masks[k] = new AlignedBuffer(maxSteps * maxBatch * layout.Padded);
            }
        }
        _output = spec.ReturnSequences ? _sequences[^1] : new ActivationTensor(layout, isSequence: false, maxSteps, maxBatch);
        _dFinal = new AlignedBuffer(maxBatch * _hp);
        _maxBatch = maxBatch;
        int stateRows = spec.Layers * directions;
        _dFinalHidden = new AlignedBuffer(stateRows * maxBatch * _hp);
        _dFinalCell = new AlignedBuffer(spec.Cell == CellKind.Lstm ? stateRows * maxBatch * _hp : 0);
    }

    public override ActivationTensor Output => _output;

    public override IEnumerable<ParameterDeclaration> DeclareParameters()
    {
        foreach (RecurrentDirection[] layer in _directions)
            foreach (RecurrentDirection direction in layer)
                foreach (ParameterDeclaration declaration in direction.DeclareParameters(_spec))
                    yield return declaration;
    }

    public override void Bind(ParameterBinder binder)
    {
        foreach (RecurrentDirection[] layer in _directions)
            foreach (RecurrentDirection direction in layer)
                direction.Bind(binder);
    }

    public override void Pack()
    {
        foreach (RecurrentDirection[] layer in _directions)
            foreach (RecurrentDirection direction in layer)
                direction.Pack();
    }

    public override void ResetState()
    {
        foreach (RecurrentDirection[] layer in _directions)
            foreach (RecurrentDirection direction in layer)
                direction.ResetState();
    }

    public override bool Trainable => _spec.Trainable;

    /// <summary>
    /// Floats of this layer's state for one sequence, PyTorch's h_n <c>[layers · directions, hidden]</c> and then (LSTM)
    /// c_n likewise: stacked layer k's direction d is row k · directions + d.
    /// </summary>
    public int StateSize => StateRows * _spec.Hidden * (_spec.Cell == CellKind.Lstm ? 2 : 1);

    private int StateRows => _directions.Length * _directions[0].Length;

    /// <summary>The state's shapes for one sequence, e.g. <c>h_n [2, 6], c_n [2, 6]</c>.</summary>
    public string StateShape =>
        $"h_n [{StateRows}, {_spec.Hidden}]" + (_spec.Cell == CellKind.Lstm ? $", c_n [{StateRows}, {_spec.Hidden}]" : "");

    /// <summary>The direction of state row <paramref name="row"/>: stacked layer row / directions, direction row % directions.</summary>
    private RecurrentDirection DirectionOf(int row) => _directions[row / _directions[0].Length][row % _directions[0].Length];

    /// <summary>State row <paramref name="row"/>'s h in one sequence's state (of <see cref="StateSize"/> floats).</summary>
    private Span<float> HiddenOf(Span<float> state, int row) => state.Slice(row * _spec.Hidden, _spec.Hidden);

    /// <summary>State row <paramref name="row"/>'s c in one sequence's state, or empty for cells without one.</summary>
    private Span<float> CellOf(Span<float> state, int row) =>
        _spec.Cell == CellKind.Lstm ? state.Slice((StateRows + row) * _spec.Hidden, _spec.Hidden) : default;

    private ReadOnlySpan<float> HiddenOf(ReadOnlySpan<float> state, int row) => state.Slice(row * _spec.Hidden, _spec.Hidden);

    private ReadOnlySpan<float> CellOf(ReadOnlySpan<float> state, int row) =>
        _spec.Cell == CellKind.Lstm ? state.Slice((StateRows + row) * _spec.Hidden, _spec.Hidden) : default;

    /// <summary>
    /// Stages each sequence's initial state (rows of <paramref name="stride"/> floats, this layer's part first, laid
    /// out as <see cref="StateSize"/> says) into the directions, for the next forward pass with
    /// <see cref="RunContext.FromStates"/>.
    /// </summary>
    public void StageInitialStates(ReadOnlySpan<float> states, int batch, int stride)
    {
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> state = states.Slice(b * stride, StateSize);
            for (int row = 0; row < StateRows; row++) DirectionOf(row).StageInitialState(b, HiddenOf(state, row), CellOf(state, row));
        }
    }

    /// <summary>
    /// Stages each sequence's dL/d(final state) (laid out as <see cref="StageInitialStates"/> reads states; empty: zero,
    /// a decoder's final states being unused) for the next backward pass with <see cref="RunContext.StateGradients"/>:
    /// each stacked layer and direction starts from it.
    /// </summary>
    public void StageFinalStateGradients(ReadOnlySpan<float> gradients, int batch, int stride)
    {
        for (int row = 0; row < StateRows; row++)
        {
            for (int b = 0; b < batch; b++)
            {
                Span<float> dh = _dFinalHidden.Slice((row * _maxBatch + b) * _hp, _hp);
                Span<float> dc = _spec.Cell == CellKind.Lstm ? _dFinalCell.Slice((row * _maxBatch + b) * _hp, _hp) : default;
                dh.Clear();
                dc.Clear();
                if (gradients.IsEmpty) continue;
                ReadOnlySpan<float> state = gradients.Slice(b * stride, StateSize);
                HiddenOf(state, row).CopyTo(dh);
                CellOf(state, row).CopyTo(dc);
            }
        }
    }

    /// <summary>Each sequence's dL/d(initial state) after a backward pass with <see cref="RunContext.StateGradients"/>, laid out as states are.</summary>
    public void CopyInitialStateGradients(Span<float> gradients, int batch, int stride)
    {
        for (int b = 0; b < batch; b++)
        {
            Span<float> state = gradients.Slice(b * stride, StateSize);
            for (int row = 0; row < StateRows; row++) DirectionOf(row).CopyInitialStateGradient(b, HiddenOf(state, row), CellOf(state, row));
        }
    }

    /// <summary>Each sequence's final state after the last forward pass (h_n, c_n: each one's last real step) into <paramref name="states"/>, laid out as <see cref="StageInitialStates"/> reads it.</summary>
    public void CopyFinalStates(Span<float> states, int batch, int stride)
    {
        for (int b = 0; b < batch; b++)
        {
            Span<float> state = states.Slice(b * stride, StateSize);
            for (int row = 0; row < StateRows; row++) DirectionOf(row).CopyFinalState(b, HiddenOf(state, row), CellOf(state, row));
        }
    }

    /// <summary>
    /// The streaming state (of a unidirectional layer) into <paramref name="state"/>, in PyTorch's order for one
    /// sequence: h_n as [layers, hidden], then c_n likewise for an LSTM.
    /// </summary>
    public void CopyStateTo(Span<float> state)
    {
        int hidden = _spec.Hidden, layers = _directions.Length;
        for (int k = 0; k < layers; k++)
        {
            _directions[k][0].StreamHidden.CopyTo(state.Slice(k * hidden, hidden));
            if (_spec.Cell == CellKind.Lstm) _directions[k][0].StreamCell.CopyTo(state.Slice((layers + k) * hidden, hidden));
        }
    }

    /// <summary>The streaming state from <paramref name="state"/>, laid out as <see cref="CopyStateTo"/> writes it.</summary>
    public void SetState(ReadOnlySpan<float> state)
    {
        int hidden = _spec.Hidden, layers = _directions.Length;
        for (int k = 0; k < layers; k++)
        {
            state.Slice(k * hidden, hidden).CopyTo(_directions[k][0].StreamHidden);
            if (_spec.Cell == CellKind.Lstm) state.Slice((layers + k) * hidden, hidden).CopyTo(_directions[k][0].StreamCell);
        }
    }

    /// <summary>The tensor stacked layer <paramref name="k"/> reads (after dropout when training).</summary>
    private ActivationTensor InputOf(int k, bool training)
    {
        if (k == 0) return Input;
        return training && _dropped[k - 1] is { } dropped ? dropped : _sequences[k - 1];
    }

    public override void Forward<TIsa, TVec>(in RunContext run)
    {
        int stride = _sequences[0].Layout.Padded;
        for (int k = 0; k < _directions.Length; k++)
        {
            if (k > 0 && run.Training && _dropped[k - 1] is { } dropped)
            {
                int rows = run.Steps * run.Batch;
                Span<float> mask = _masks[k - 1].Slice(0, rows * stride);
                DropoutMask.Fill(mask, dropped.Layout, rows, _spec.Dropout, _random);
                VectorOps<TIsa, TVec>.Multiply(_sequences[k - 1].ValuesFor(run), mask, dropped.ValuesFor(run));
            }
            ReadOnlySpan<float> input = InputOf(k, run.Training).ValuesFor(run);
            Span<float> output = _sequences[k].ValuesFor(run);
            for (int d = 0; d < _directions[k].Length; d++)
            {
                _directions[k][d].Forward<TIsa, TVec>(run, input, output, stride, d * _hp);
            }
        }

        if (!_spec.ReturnSequences)
        {
            Span<float> final = _output.ValuesFor(run);
            RecurrentDirection[] top = _directions[^1];
            for (int d = 0; d < top.Length; d++)
            {
                ReadOnlySpan<float> hidden = top[d].FinalHidden(run);
                for (int b = 0; b < run.Batch; b++)
                {
                    hidden.Slice(b * _hp, _hp).CopyTo(final.Slice(b * stride + d * _hp, _hp));
                }
            }
        }
    }

    /// <summary>Stacked layer <paramref name="stacked"/>'s operands, for a generated streaming kernel (unidirectional only).</summary>
    public Streaming.RecurrentStreamOperands StreamOperands(int stacked)
    {
        if (_spec.Bidirectional) throw new InvalidOperationException($"'{Name}' is bidirectional and cannot stream.");
        if ((uint)stacked >= (uint)_directions.Length)
            throw new ArgumentOutOfRangeException(nameof(stacked), stacked, $"'{Name}' has {_directions.Length} stacked layers.");
        return _directions[stacked][0].StreamOperands();
    }

    /// <summary>
    /// A streaming step of a unidirectional stack (bidirectional layers cannot stream): each stacked layer's step
    /// writes h straight into its output row; the top one writes into the layer output (row 0 is the only step).
    /// </summary>
    public override void StreamStep<TIsa, TVec>()
    {
        int hp = _hp, top = _directions.Length - 1;
        for (int k = 0; k <= top; k++)
        {
            ActivationTensor source = k == 0 ? Input : _sequences[k - 1]; // no dropout at inference
            ActivationTensor target = k == top ? _output : _sequences[k];
            _directions[k][0].StreamStep<TIsa, TVec>(source.Values.Slice(0, source.Layout.Padded), target.Values.Slice(0, hp));
        }
    }

    public override void Backward<TIsa, TVec>(in RunContext run)
    {
        int stride = _sequences[0].Layout.Padded;
        int top = _directions.Length - 1;
        for (int k = 0; k < top; k++)
        {
            _sequences[k].GradientsFor(run).Clear();
            if (_dropped[k] is { } dropped) dropped.GradientsFor(run).Clear();
        }

        for (int k = top; k >= 0; k--)
        {
            ActivationTensor input = InputOf(k, run.Training);
            Span<float> dInput = k > 0 || InputGradientWanted(run) ? input.GradientsFor(run) : default;
            bool finalOnly = k == top && !_spec.ReturnSequences;
            ReadOnlySpan<float> dOutput = finalOnly ? default : _sequences[k].GradientsFor(run);
            for (int d = 0; d < _directions[k].Length; d++)
            {
                ReadOnlySpan<float> dFinal = default, dFinalCell = default;
                int stateRow = k * _directions[k].Length + d;
                if (finalOnly)
                {
                    Span<float> gathered = _dFinal.Slice(0, run.Batch * _hp);
                    ReadOnlySpan<float> outputGradient = _output.GradientsFor(run);
                    for (int b = 0; b < run.Batch; b++)
                    {
                        outputGradient.Slice(b * stride + d * _hp, _hp).CopyTo(gathered.Slice(b * _hp, _hp));
                    }
                    // The top layer's h_n is both the output and a final state: its gradient is the sum of the two.
                    if (run.StateGradients) VectorOps<TIsa, TVec>.AddInPlace(_dFinalHidden.Slice(stateRow * _maxBatch * _hp, run.Batch * _hp), gathered);
                    dFinal = gathered;
                }
                else if (run.StateGradients)
                {
                    dFinal = _dFinalHidden.Slice(stateRow * _maxBatch * _hp, run.Batch * _hp);
                }
                if (run.StateGradients && _spec.Cell == CellKind.Lstm) dFinalCell = _dFinalCell.Slice(stateRow * _maxBatch * _hp, run.Batch * _hp);
                _directions[k][d].Backward<TIsa, TVec>(run, input.ValuesFor(run), _sequences[k].ValuesFor(run), dOutput, stride, d * _hp, dFinal, dFinalCell, dInput, weightGradients: _spec.Trainable);
            }
            if (k > 0 && run.Training && _dropped[k - 1] is { } dropped)
            {
                int rows = run.Steps * run.Batch;
                VectorOps<TIsa, TVec>.MultiplyAccumulate(dropped.GradientsFor(run), _masks[k - 1].Slice(0, rows * stride), _sequences[k - 1].GradientsFor(run));
            }
        }
    }
}
