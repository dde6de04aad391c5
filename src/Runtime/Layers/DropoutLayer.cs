using ModelCompiler.Runtime.Memory;
using ModelCompiler.Runtime.Training;

namespace ModelCompiler.Runtime.Layers;

/// <summary><c>nn.Dropout(p)</c>: inverted dropout while training, identity otherwise.</summary>
internal sealed class DropoutLayer : Layer
{
    private readonly float _p;
    private readonly ActivationTensor _output;
    private readonly AlignedBuffer _mask;
    private readonly DeterministicRandom _random;

    public DropoutLayer(DropoutSpec spec, ActivationTensor input, int maxSteps, int maxBatch, DeterministicRandom random)
        : base(spec.Name, input)
    {
        _p = spec.P;
        _random = random;
        _output = new ActivationTensor(input.Layout, input.IsSequence, maxSteps, maxBatch);
        _mask = new AlignedBuffer(input.Rows(maxSteps, maxBatch) * input.Layout.Padded);
    }

    public override ActivationTensor Output => _output;

    public override void Forward<TIsa, TVec>(in RunContext run)
    {
        int rows = Input.Rows(run.Steps, run.Batch);
        if (!run.Training || _p == 0f)
        {
            Input.ValuesFor(run).CopyTo(_output.ValuesFor(run));
            return;
        }
        System.Span<float> mask = _mask.Slice(0, rows * Input.Layout.Padded);
        DropoutMask.Fill(mask, Input.Layout, rows, _p, _random);
        VectorOps<TIsa, TVec>.Multiply(Input.ValuesFor(run), mask, _output.ValuesFor(run));
    }

    public override void Backward<TIsa, TVec>(in RunContext run)
    {
        if (!InputGradientWanted(run)) return;
        int rows = Input.Rows(run.Steps, run.Batch);
        if (!run.Training || _p == 0f)
        {
            VectorOps<TIsa, TVec>.AddInPlace(_output.GradientsFor(run), Input.GradientsFor(run));
            return;
        }
        VectorOps<TIsa, TVec>.MultiplyAccumulate(_output.GradientsFor(run), _mask.Slice(0, rows * Input.Layout.Padded), Input.GradientsFor(run));
    }
}
