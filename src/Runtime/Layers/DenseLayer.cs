using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using ModelCompiler.Runtime.Kernels;
using ModelCompiler.Runtime.Memory;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Layers;

/// <summary>
/// <c>nn.Linear</c> plus an activation, applied to every row of its input: each step of a sequence, or each
/// sequence's single vector. Parameters <c>{name}.weight [units, in]</c> and <c>{name}.bias [units]</c>.
/// </summary>
internal sealed class DenseLayer : Layer
{
    private readonly DenseSpec _spec;
    private readonly FeatureLayout _units;
    private readonly ActivationTensor _output;
    private readonly AlignedBuffer _weightsT, _weightsRows, _bias;
    // A one-unit layer's weights with the product's runs side by side, for the compiled step (WeightPacking.PackRunLanes).
    private readonly AlignedBuffer _runLaneWeights;
    private readonly AlignedBuffer _preActivation, _dPre, _gradWeights, _gradBias;
    private TensorView _weight, _biasParameter, _gradWeight, _gradBiasParameter;

    public override bool Trainable => _spec.Trainable;

    public DenseLayer(DenseSpec spec, ActivationTensor input, int maxSteps, int maxBatch)
        : base(spec.Name, input)
    {
        _spec = spec;
        _units = FeatureLayout.Plain(spec.Units);
        _output = new ActivationTensor(_units, input.IsSequence, maxSteps, maxBatch);
        int kp = input.Layout.Padded, up = _units.Padded;
        int maxRows = input.Rows(maxSteps, maxBatch);
        _weightsT = new AlignedBuffer(kp * up);
        _weightsRows = new AlignedBuffer(up * kp);
        _bias = new AlignedBuffer(up);
        _runLaneWeights = new AlignedBuffer(spec.Units == 1 ? AlignedBuffer.AlignmentFloats * ProductRuns.Length(input.Layout.Depth) : 0);
        _preActivation = new AlignedBuffer(maxRows * up);
        _dPre = new AlignedBuffer(maxRows * up);
        _gradWeights = new AlignedBuffer(up * kp);
        _gradBias = new AlignedBuffer(up);
    }

    public override ActivationTensor Output => _output;

    public Activation Activation => _spec.Activation;

    /// <summary>
    /// Set when the loss is fused with this layer's activation (cross-entropy, binary cross-entropy): the loss then
    /// writes dL/d(pre-activation) into the output gradient, and backward skips the activation derivative.
    /// </summary>
    public bool GradientIsPreActivation { get; set; }

    /// <summary>Pre-activation values (logits) of the rows of the last training forward pass, <c>[rows][units padded]</c>.</summary>
    public ReadOnlySpan<float> PreActivation(int rows) =>
        (_spec.Activation == Activation.None ? _output.Values : _preActivation).Slice(0, rows * _units.Padded);

    public override IEnumerable<ParameterDeclaration> DeclareParameters()
    {
        // nn.Linear's default: kaiming_uniform(a=√5) on the weight and U(±1/√in) on the bias — both bound 1/√in.
        float bound = 1f / MathF.Sqrt(Input.Layout.Width);
        yield return new ParameterDeclaration(Name + ".weight", [_spec.Units, Input.Layout.Width], InitKind.Uniform, bound, _spec.Weights);
        yield return new ParameterDeclaration(Name + ".bias", [_spec.Units], InitKind.Uniform, bound, _spec.Biases);
    }

    public override void Bind(ParameterBinder binder)
    {
        _weight = binder.Parameter(Name + ".weight");
        _biasParameter = binder.Parameter(Name + ".bias");
        _gradWeight = binder.Gradient(Name + ".weight");
        _gradBiasParameter = binder.Gradient(Name + ".bias");
    }

    public override void Pack()
    {
        WeightPacking.PackTransposed(_weight.Span, _units, Input.Layout, _weightsT.Span, _units.Padded);
        WeightPacking.PackRows(_weight.Span, _units, Input.Layout, _weightsRows.Span, Input.Layout.Padded);
        WeightPacking.PackVector(_biasParameter.Span, _units, _bias.Span);
        if (_spec.Units == 1) WeightPacking.PackRunLanes(_weightsT.Span, _units.Padded, Input.Layout.Depth, RunLength, _runLaneWeights.Span);
    }

    public override void Forward<TIsa, TVec>(in RunContext run)
    {
        int rows = Input.Rows(run.Steps, run.Batch), kp = Input.Layout.Padded, up = _units.Padded;
        Span<float> output = _output.ValuesFor(run);
        // The fused losses read the logits; they need a buffer of their own only when an activation follows.
        bool keepLogits = run.Training && GradientIsPreActivation && _spec.Activation != Activation.None;
        Span<float> product = keepLogits ? _preActivation.Slice(0, rows * up) : output;
        // [rows][in] × [in][units] + bias; one row (streaming, one sequence's last step) takes the lean kernel.
        if (rows == 1)
        {
            ProductRow<TIsa, TVec>(product);
        }
        else
        {
            MatMul<TIsa, TVec>.Multiply(Input.ValuesFor(run), kp, _weightsT.Span, up, product, up, rows, Input.Layout.Depth, up, _bias.Span, accumulate: false, RunLength, run.TwoCores);
        }
        if (keepLogits) product.CopyTo(output);
        Activate<TIsa, TVec>(output, rows);
    }

    private void Activate<TIsa, TVec>(Span<float> output, int rows)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        switch (_spec.Activation)
        {
            case Activation.Relu: VectorMath<TIsa, TVec>.ReluInPlace(output); break;
            case Activation.Tanh: VectorMath<TIsa, TVec>.TanhInPlace(output); break;
            case Activation.Sigmoid: VectorMath<TIsa, TVec>.SigmoidInPlace(output); break;
            case Activation.Softmax: Softmax.Rows(output, rows, _units.Padded, _units.Width); break;
        }
    }

    /// <summary>The packed weights and output row, for a generated streaming kernel.</summary>
    public Streaming.DenseStreamOperands StreamOperands() => new(Input.Layout.Depth, _units.Padded, RunLength, _weightsT, _bias, _runLaneWeights, _output.Values);

    /// <summary>A short product is summed in runs (<see cref="ProductRuns"/>): a small head sits on every streaming step's path.</summary>
    private int RunLength => ProductRuns.Length(Input.Layout.Depth);

    /// <summary>A streaming step: the one-row product and activation of <see cref="Forward{TIsa, TVec}"/>.</summary>
    public override void StreamStep<TIsa, TVec>()
    {
        Span<float> output = _output.Values.Slice(0, _units.Padded);
        ProductRow<TIsa, TVec>(output);
        Activate<TIsa, TVec>(output, 1);
    }

    /// <summary>b + W·x for row 0 of the input into <paramref name="output"/>: the lean batch-of-one kernel.</summary>
    private void ProductRow<TIsa, TVec>(Span<float> output)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        int up = _units.Padded;
        MatVec<TIsa, TVec>.Multiply(
            ref MemoryMarshal.GetReference(Input.Values.Span), Input.Layout.Depth, ref MemoryMarshal.GetReference(_weightsT.Span), up,
            ref MemoryMarshal.GetReference(output), up, ref MemoryMarshal.GetReference(_bias.Span), hasBias: true, RunLength);
    }

    public override void Backward<TIsa, TVec>(in RunContext run)
    {
        int rows = Input.Rows(run.Steps, run.Batch), kp = Input.Layout.Padded, up = _units.Padded;
        ReadOnlySpan<float> dOutput = _output.GradientsFor(run);
        Span<float> dPre = _dPre.Slice(0, rows * up);
        if (GradientIsPreActivation) dOutput.CopyTo(dPre);
        else ActivationDerivative.Apply<TIsa, TVec>(_spec.Activation, _output.ValuesFor(run), dOutput, dPre, rows, up, _units.Width);

        // dW = dPreᵀ·x over all rows, db = Σ dPre (not for a frozen layer, whose gradients stay zero), dx += dPre·W.
        if (_spec.Trainable)
        {
            MatMul<TIsa, TVec>.MultiplyTransposedA(dPre, up, Input.ValuesFor(run), kp, _gradWeights.Span, kp, rows, up, kp, accumulate: false, run.TwoCores);
            MatMul<TIsa, TVec>.SumRows(dPre, up, _gradBias.Span, rows, up, accumulate: false);
            WeightPacking.UnpackRows(_gradWeights.Span, _units, Input.Layout, _gradWeight.Span);
            WeightPacking.UnpackVector(_gradBias.Span, _units, _gradBiasParameter.Span);
        }
        if (InputGradientWanted(run))
        {
            MatMul<TIsa, TVec>.Multiply(dPre, up, _weightsRows.Span, kp, Input.GradientsFor(run), kp, rows, up, kp, default, accumulate: true, runLength: up, run.TwoCores);
        }
    }
}
