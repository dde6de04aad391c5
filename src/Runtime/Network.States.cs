using System;
using ModelCompiler.Runtime.Layers;
using ModelCompiler.Runtime.Training;

namespace ModelCompiler.Runtime;

// Training through recurrent states, the pieces EncoderDecoder chains: an encoder's training forward that reports its
// final states, a decoder's ComputeGradients that starts from them and returns their gradient, and the encoder's
// backward from that gradient; then one clipping and update over both models.
public sealed partial class Network
{
    // The batch and steps of the last ForwardToStates, which BackwardFromStates runs back through (its lengths stay in _lengths).
    private int _statesBatch, _statesSteps;

    /// <summary>
    /// The shapes of one sequence's state, e.g. <c>h_n [2, 6], c_n [2, 6]</c> per recurrent layer: two models whose
    /// shapes are equal can hand states to each other (PyTorch's <c>decoder(y, (h_n, c_n))</c> needs equal shapes).
    /// </summary>
    internal string StateShapes => string.Join("; then ", Array.ConvertAll(_recurrentLayers, layer => layer.StateShape));

    /// <summary>
    /// A forward pass whose final states go to the start of <paramref name="finalStates"/> (<c>[BatchSize, StateSize]</c>);
    /// in <paramref name="training"/> mode (dropout on, caches kept) <see cref="BackwardFromStates"/> then runs back
    /// through it. Returns the batch.
    /// </summary>
    internal int ForwardToStates(BatchInputs inputs, string name, ReadOnlySpan<int> lengths, Span<float> finalStates, bool training)
    {
        var run = PrepareBatch(inputs.Length, name, lengths, NoOutputs, training);
        RequireInputs(inputs, run, name);
        StageInputs(inputs, run);
        RunForward(run);
        CopyFinalStates(run, finalStates);
        (_statesBatch, _statesSteps) = (run.Batch, run.Steps);
        return run.Batch;
    }

    /// <summary>
    /// Backpropagation of the last <see cref="ForwardToStates"/> from dL/d(final states) alone (the outputs' gradient is
    /// zero): overwrites <see cref="Gradients"/>.
    /// </summary>
    internal void BackwardFromStates(ReadOnlySpan<float> finalStateGradients)
    {
        var run = new RunContext(_statesBatch, _statesSteps, _lengths.AsSpan(0, _statesBatch), training: true, _twoCores, stateGradients: true);
        RequireProduct(finalStateGradients.Length, run.Batch, "sequences", StateSize, nameof(finalStateGradients));
        StageFinalStateGradients(run, finalStateGradients);
        _layers[^1].Output.GradientsFor(run).Clear();
        RunBackward(run);
    }

    /// <summary>
    /// <c>ComputeGradients</c> from <paramref name="initialStates"/> (<c>[batch, StateSize]</c>): overwrites
    /// <see cref="Gradients"/>, writes dL/d(initial states) to <paramref name="initialStateGradients"/> and returns the loss.
    /// </summary>
    internal float GradientsFromStates(BatchInputs inputs, string name, BatchTargets targets, ReadOnlySpan<int> lengths, ReadOnlySpan<float> initialStates, Span<float> initialStateGradients)
    {
        RequireTraining();
        var run = PrepareBatch(inputs.Length, name, lengths, NoOutputs, training: true, fromStates: true, stateGradients: true);
        RequireInputs(inputs, run, name);
        if (targets.IsClasses) RequireClassTargets(targets.Classes, run.Batch);
        else RequireValueTargets(targets.Values, run.Batch);
        RequireProduct(initialStates.Length, run.Batch, "sequences", StateSize, nameof(initialStates));
        RequireFinite(initialStates, nameof(initialStates));
        RequireProduct(initialStateGradients.Length, run.Batch, "sequences", StateSize, nameof(initialStateGradients));
        StageInputs(inputs, run);
        StageInitialStates(run, initialStates);
        StageFinalStateGradients(run, default);
        float loss = Backpropagate(run, targets.Classes, targets.Values, out float gradientScale);
        Span<float> layerGradients = initialStateGradients;
        foreach (RecurrentLayer layer in _recurrentLayers)
        {
            layer.CopyInitialStateGradients(layerGradients, run.Batch, StateSize);
            layerGradients = layerGradients.Slice(layer.StateSize);
        }
        // The loss's gradient rows were scaled (see LossFunction.Compute) and the parameter gradients rescaled: so is this.
        if (gradientScale != 1f)
            foreach (ref float value in initialStateGradients) value *= gradientScale;
        return loss;
    }

    /// <summary>
    /// The checks of a training call on <paramref name="inputs"/>, <paramref name="targets"/> and lengths, without running
    /// anything (a pair checks both models' arguments before the encoder draws dropout masks); returns the batch.
    /// </summary>
    internal int RequireTrainingArguments(BatchInputs inputs, string name, BatchTargets targets, ReadOnlySpan<int> lengths, string lengthsName)
    {
        RequireTraining();
        int batch = RequireInferenceArguments(inputs, name, lengths, lengthsName);
        if (targets.IsClasses) RequireClassTargets(targets.Classes, batch);
        else RequireValueTargets(targets.Values, batch);
        return batch;
    }

    /// <summary>The checks of an inference call on <paramref name="inputs"/> and lengths, without running anything; returns the batch.</summary>
    internal int RequireInferenceArguments(BatchInputs inputs, string name, ReadOnlySpan<int> lengths, string lengthsName)
    {
        var run = PrepareBatch(inputs.Length, name, lengths, NoOutputs, training: false, lengthsName: lengthsName);
        RequireInputs(inputs, run, name);
        return run.Batch;
    }

    private void RequireInputs(BatchInputs inputs, in RunContext run, string name)
    {
        RequireTokenModel(inputs.IsTokens);
        if (inputs.IsTokens) RequireTokens(inputs.Tokens, run.Batch, Spec.Steps, run.Steps, name);
        else RequireFiniteRealSteps(inputs.Features, run.Batch, InputSize, name);
    }

    private void StageInputs(BatchInputs inputs, in RunContext run)
    {
        if (inputs.IsTokens) StageTokens(inputs.Tokens, run, Spec.Steps);
        else StageFloats(inputs.Features, run, Spec.Steps);
    }

    private void StageFinalStateGradients(in RunContext run, ReadOnlySpan<float> gradients)
    {
        foreach (RecurrentLayer layer in _recurrentLayers)
        {
            layer.StageFinalStateGradients(gradients, run.Batch, StateSize);
            if (!gradients.IsEmpty) gradients = gradients.Slice(layer.StateSize);
        }
    }

    /// <summary>
    /// Parameters of the layers up to the last recurrent one: what the final states depend on. The layers after it play
    /// no part when the model is an encoder whose states alone are used (<see cref="EncoderDecoder"/>).
    /// </summary>
    internal int ParametersThroughLastRecurrentLayer { get; }

    /// <summary>Floats of the parameter storage (parameters padded to whole vectors), the length an optimizer's state needs.</summary>
    internal int ParameterStorageLength => _parameterStorage.Length;

    /// <summary>The global L2 norm of the gradients (what <c>clip_grad_norm_</c> computes over this model's parameters).</summary>
    internal double GradientNorm() => GradientClipping.GlobalNorm(_gradientStorage.Span);
}
