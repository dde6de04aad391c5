using System;
using System.Numerics;
using System.Runtime.Intrinsics;
using ModelCompiler.Runtime.Layers;
using ModelCompiler.Runtime.Simd;
using ModelCompiler.Runtime.Training;

namespace ModelCompiler.Runtime;

// Staging inputs into the internal time-major layout, running the layers on the chosen path, and copying outputs back.
public sealed partial class Network
{
    private void StageFloats(ReadOnlySpan<float> inputs, in RunContext run, int stepStride)
    {
        FeatureLayout layout = _input.Layout;
        Span<float> staged = _input.ValuesFor(run);
        int batch = run.Batch;
        for (int t = 0; t < run.Steps; t++)
        {
            for (int b = 0; b < batch; b++)
            {
                Span<float> row = staged.Slice((t * batch + b) * layout.Padded, layout.Padded);
                if (run.IsReal(t, b)) layout.Scatter(inputs.Slice((b * stepStride + t) * InputSize, InputSize), row);
                else row.Clear();
            }
        }
    }

    private void StageTokens(ReadOnlySpan<int> tokens, in RunContext run, int stepStride)
    {
        int[] staged = _embedding!.Tokens;
        int batch = run.Batch;
        for (int t = 0; t < run.Steps; t++)
        {
            for (int b = 0; b < batch; b++)
            {
                // Padded steps look up token 0; their outputs are masked and their gradients are zero.
                staged[t * batch + b] = run.IsReal(t, b) ? tokens[b * stepStride + t] : 0;
            }
        }
    }

    private void CopyOutputs(Span<float> outputs, in RunContext run, int stepStride)
    {
        ActivationTensor tensor = _layers[^1].Output;
        FeatureLayout layout = tensor.Layout;
        ReadOnlySpan<float> values = tensor.ValuesFor(run);
        int batch = run.Batch;
        if (!SequenceOutput)
        {
            for (int b = 0; b < batch; b++) layout.Gather(values.Slice(b * layout.Padded, layout.Padded), outputs.Slice(b * OutputSize, OutputSize));
            return;
        }
        outputs.Slice(0, batch * stepStride * OutputSize).Clear();
        for (int t = 0; t < run.Steps; t++)
        {
            for (int b = 0; b < batch; b++)
            {
                if (!run.IsReal(t, b)) continue;
                layout.Gather(values.Slice((t * batch + b) * layout.Padded, layout.Padded), outputs.Slice((b * stepStride + t) * OutputSize, OutputSize));
            }
        }
    }

    /// <summary>Row 0 of the last layer's output (a streaming step) into <paramref name="y"/>.</summary>
    private void CopyStreamOutput(Span<float> y)
    {
        ActivationTensor tensor = _layers[^1].Output;
        if (tensor.Layout.Segments == 1) tensor.Values.Slice(0, OutputSize).CopyTo(y);
        else tensor.Layout.Gather(tensor.Values.Slice(0, tensor.Layout.Padded), y);
    }

    private void RunStream()
    {
        foreach (StreamPass step in _streamPasses[(int)_isa]) step();
    }

    private void RunForward(in RunContext run)
    {
        foreach (LayerPass forward in _forwardPasses[(int)_isa]) forward(run);
    }

    /// <summary>
    /// <see cref="RunForward"/> from <paramref name="initialStates"/> (staged into the recurrent layers first when
    /// <see cref="RunContext.FromStates"/>), then each sequence's final states into <paramref name="finalStates"/> unless empty.
    /// </summary>
    private void RunForwardWithStates(in RunContext run, ReadOnlySpan<float> initialStates, Span<float> finalStates)
    {
        if (run.FromStates) StageInitialStates(run, initialStates);
        RunForward(run);
        if (!finalStates.IsEmpty) CopyFinalStates(run, finalStates);
    }

    /// <summary>Each sequence's initial states (<c>[batch, StateSize]</c>) into the recurrent layers, for a run with <see cref="RunContext.FromStates"/>.</summary>
    private void StageInitialStates(in RunContext run, ReadOnlySpan<float> states)
    {
        foreach (RecurrentLayer layer in _recurrentLayers)
        {
            layer.StageInitialStates(states, run.Batch, StateSize);
            states = states.Slice(layer.StateSize);
        }
    }

    /// <summary>Each sequence's final states after a forward pass into <paramref name="states"/> (<c>[batch, StateSize]</c>).</summary>
    private void CopyFinalStates(in RunContext run, Span<float> states)
    {
        foreach (RecurrentLayer layer in _recurrentLayers)
        {
            layer.CopyFinalStates(states, run.Batch, StateSize);
            states = states.Slice(layer.StateSize);
        }
    }

    private void RunBackward(in RunContext run)
    {
        // Layers add their input gradient into the previous layer's output gradient: start those at zero.
        for (int i = 0; i < _layers.Length - 1; i++) _layers[i].Output.GradientsFor(run).Clear();
        LayerPass[] backward = _backwardPasses[(int)_isa];
        bool[] wanted = run.StateGradients ? _backwardWantedForStates : _backwardWanted;
        for (int i = backward.Length - 1; i >= 0; i--)
        {
            if (wanted[i]) backward[i](run);
        }
        // Frozen layers pass gradients on but get none themselves (no requires_grad in PyTorch).
        foreach ((int offset, int length) in _frozenGradientRanges) _gradientStorage.Slice(offset, length).Clear();
    }

    /// <summary>Every parameter gradient times <paramref name="factor"/> (elementwise IEEE products: the same bits on every path).</summary>
    private void ScaleGradients(float factor)
    {
        Span<float> gradients = _gradientStorage.Span;
        int i = 0;
        for (; i + Vector<float>.Count <= gradients.Length; i += Vector<float>.Count)
            (new Vector<float>(gradients.Slice(i)) * factor).CopyTo(gradients.Slice(i));
        for (; i < gradients.Length; i++) gradients[i] *= factor;
    }

    /// <summary>Whether <paramref name="optimizer"/>'s next update leaves every parameter finite (nothing is changed to find out).</summary>
    internal bool UpdateStaysFinite(Optimizer optimizer)
    {
        int start = UpdatedFrom;
        ReadOnlySpan<float> parameters = _parameterStorage.Span.Slice(start), gradients = _gradientStorage.Span.Slice(start);
        return _isa switch
        {
            Isa.Avx512 => optimizer.UpdateStaysFinite<Avx512Isa, Vector512<float>>(parameters, gradients, start),
            Isa.Avx2 => optimizer.UpdateStaysFinite<Avx2Isa, Vector256<float>>(parameters, gradients, start),
            _ => optimizer.UpdateStaysFinite<PortableIsa, Vector128<float>>(parameters, gradients, start),
        };
    }

    /// <summary>Floats at the start of the parameter storage that no update touches: the frozen layers that come first (a pretrained embedding).</summary>
    internal int FrozenParameters { get; }

    /// <summary>Where updates start: the whole 16-float group holding the first parameter after the frozen ones.</summary>
    private int UpdatedFrom => FrozenParameters & ~15;

    /// <summary>The declared clipping of the gradients, given their global norm.</summary>
    internal void ClipGradients(OptimizerSettings settings, double norm)
    {
        Span<float> gradients = _gradientStorage.Span;
        if (settings.Clip == ClipKind.Norm) GradientClipping.ClipNorm(gradients, norm, settings.ClipMax);
        else if (settings.Clip == ClipKind.Value) GradientClipping.ClipValue(gradients, settings.ClipMax);
    }

    /// <summary>
    /// One update of the parameters by <paramref name="optimizer"/> (this model's, or one an <see cref="EncoderDecoder"/>
    /// keeps for it), which counts a step unless <paramref name="countStep"/> is false (a second model updated in the same
    /// step), then the packed copies.
    /// </summary>
    /// <param name="optimizer">The optimizer whose state and settings update these parameters.</param>
    /// <param name="countStep">Whether the update counts a step in the optimizer's settings.</param>
    /// <param name="kept">Empty, or room for the last parameters, which the update then leaves as they are: those of layers
    /// outside the computation (PyTorch's optimizers skip parameters without a gradient; here they would still decay).</param>
    internal void ApplyUpdate(Optimizer optimizer, bool countStep, Span<float> kept = default)
    {
        int start = UpdatedFrom;
        Span<float> parameters = _parameterStorage.Span.Slice(start);
        ReadOnlySpan<float> gradients = _gradientStorage.Span.Slice(start);
        Span<float> untouched = _parameterStorage.Span.Slice(ParameterCount - kept.Length, kept.Length);
        untouched.CopyTo(kept);
        // Frozen parameters inside the updated range are updated with the rest (weight decay, momentum) and put back.
        int saved = 0;
        foreach ((int offset, int length) in _frozenRanges)
        {
            _parameterStorage.Slice(offset, length).CopyTo(_frozenCopy.AsSpan(saved));
            saved += length;
        }
        switch (_isa)
        {
            case Isa.Avx512: optimizer.Update<Avx512Isa, Vector512<float>>(parameters, gradients, countStep, start); break;
            case Isa.Avx2: optimizer.Update<Avx2Isa, Vector256<float>>(parameters, gradients, countStep, start); break;
            default: optimizer.Update<PortableIsa, Vector128<float>>(parameters, gradients, countStep, start); break;
        }
        saved = 0;
        foreach ((int offset, int length) in _frozenRanges)
        {
            _frozenCopy.AsSpan(saved, length).CopyTo(_parameterStorage.Slice(offset, length));
            saved += length;
        }
        kept.CopyTo(untouched);
        PackAll();
    }

    /// <summary>
    /// The loss of the last forward pass; writes its gradient into the last layer's output gradient, divided by
    /// <paramref name="gradientScale"/> (see <see cref="LossFunction.Compute"/>).
    /// </summary>
    private float ComputeLoss(in RunContext run, ReadOnlySpan<int> classTargets, ReadOnlySpan<float> valueTargets, out float gradientScale)
    {
        LossKind kind = Spec.Loss!.Kind;
        ActivationTensor output = _layers[^1].Output;
        ReadOnlySpan<float> values = _layers[^1] is DenseLayer { GradientIsPreActivation: true } dense
            ? dense.PreActivation(output.Rows(run.Steps, run.Batch))
            : output.ValuesFor(run);
        return LossFunction.Compute(kind, values, output.Layout, SequenceOutput, run, Spec.Steps, classTargets, valueTargets, output.GradientsFor(run), out gradientScale);
    }
}
