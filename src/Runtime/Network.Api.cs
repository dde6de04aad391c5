using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using ModelCompiler.Runtime.Layers;
using ModelCompiler.Runtime.Training;

namespace ModelCompiler.Runtime;

// The public calls of SPEC §3. Each validates, stages, runs on the chosen path and copies back; none allocates.
public sealed partial class Network
{
    /// <summary>Inference on one sequence of <c>steps × InputSize</c> floats.</summary>
    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        RequireTokenModel(tokens: false);
        int steps = StepsOfSingle(input.Length, nameof(input));
        RequireFinite(input, nameof(input));
        RequireOutput(output.Length, steps, nameof(output));
        _lengths[0] = steps;
        var run = new RunContext(1, steps, _lengths.AsSpan(0, 1), training: false, _twoCores);
        StageFloats(input, run, steps);
        RunForward(run);
        CopyOutputs(output, run, steps);
    }

    /// <summary>Inference on one sequence of tokens.</summary>
    public void Predict(ReadOnlySpan<int> tokens, Span<float> output)
    {
        RequireTokenModel(tokens: true);
        int steps = StepsOfSingle(tokens.Length, nameof(tokens));
        RequireOutput(output.Length, steps, nameof(output));
        _lengths[0] = steps;
        RequireTokens(tokens, 1, steps, steps, nameof(tokens));
        var run = new RunContext(1, steps, _lengths.AsSpan(0, 1), training: false, _twoCores);
        StageTokens(tokens, run, steps);
        RunForward(run);
        CopyOutputs(output, run, steps);
    }

    /// <summary>One step of a stream: consumes <c>InputSize</c> floats, writes <c>OutputSize</c>, keeps the recurrent state.</summary>
    public void Step(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckStep(x, y);
        x.CopyTo(_input.Values.Span); // row 0; its padding stays zero (nothing else writes there)
        RunStream();
        CopyStreamOutput(y);
    }

    /// <summary>
    /// The argument checks of <see cref="Step(ReadOnlySpan{float}, Span{float})"/>, for generated streaming kernels
    /// that run the step themselves: same exceptions, same messages.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void CheckStep(ReadOnlySpan<float> x, Span<float> y)
    {
        RequireTokenModel(tokens: false);
        RequireStreamable();
        RequireProduct(x.Length, 1, "step", InputSize, nameof(x));
        RequireFinite(x, nameof(x));
        RequireOutputSize(y.Length, nameof(y));
    }

    /// <summary>Operands of stacked layer <paramref name="stacked"/> of recurrent layer <paramref name="layer"/> (index in the spec), for generated streaming kernels.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Streaming.RecurrentStreamOperands RecurrentStreamOperands(int layer, int stacked) =>
        LayerAt<RecurrentLayer>(layer).StreamOperands(stacked);

    /// <summary>Operands of Dense layer <paramref name="layer"/> (index in the spec), for generated streaming kernels.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Streaming.DenseStreamOperands DenseStreamOperands(int layer) => LayerAt<DenseLayer>(layer).StreamOperands();

    /// <summary>The table of the Embedding layer (layer 0), for generated streaming kernels.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Streaming.EmbeddingStreamOperands EmbeddingStreamOperands(int layer) => LayerAt<EmbeddingLayer>(layer).StreamOperands();

    private T LayerAt<T>(int layer) where T : Layer
    {
        if ((uint)layer >= (uint)_layers.Length)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"The model has {_layers.Length} layers.");
        return _layers[layer] as T ?? throw new ArgumentException($"Layer {layer} ('{_layers[layer].Name}') is a {_layers[layer].GetType().Name}, not a {typeof(T).Name}.", nameof(layer));
    }

    /// <summary>One step of a token stream.</summary>
    public void Step(int token, Span<float> y)
    {
        CheckStep(token, y);
        _embedding!.Tokens[0] = token;
        RunStream();
        CopyStreamOutput(y);
    }

    /// <summary>The argument checks of <see cref="Step(int, Span{float})"/>, for generated streaming kernels.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void CheckStep(int token, Span<float> y)
    {
        RequireTokenModel(tokens: true);
        RequireStreamable();
        RequireOutputSize(y.Length, nameof(y));
        int vocabulary = _embedding!.Vocabulary;
        if ((uint)token >= (uint)vocabulary)
            throw new ArgumentOutOfRangeException(nameof(token), $"{nameof(token)} must be a token in 0..{vocabulary - 1}, but it is {token}.");
    }

    /// <summary>Forgets the streaming state: the next <c>Step</c> starts a new sequence.</summary>
    public void ResetState()
    {
        foreach (Layer layer in _layers) layer.ResetState();
    }

    /// <summary>
    /// Copies the streaming state (what the next <c>Step</c> continues from) into <paramref name="state"/>
    /// (<see cref="StateSize"/> floats): for each recurrent layer in order, its h_n then (LSTM) its c_n, PyTorch's
    /// <c>[layers, hidden]</c> for one sequence. After stepping an encoder through a sequence this is the state a
    /// decoder trained with <c>decoder(y, (h_n, c_n))</c> starts from (<see cref="SetState"/>); copies also snapshot a
    /// stream, e.g. to branch it.
    /// </summary>
    public void GetState(Span<float> state)
    {
        RequireStreamable();
        RequireProduct(state.Length, 1, "state", StateSize, nameof(state));
        foreach (RecurrentLayer layer in _recurrentLayers)
        {
            layer.CopyStateTo(state.Slice(0, layer.StateSize));
            state = state.Slice(layer.StateSize);
        }
    }

    /// <summary>
    /// Sets the streaming state to <paramref name="state"/> (<see cref="StateSize"/> finite floats, the layout of
    /// <see cref="GetState"/>): the next <c>Step</c> continues from it, as PyTorch's <c>rnn(x, (h0, c0))</c> does.
    /// Nothing changes if it is rejected.
    /// </summary>
    public void SetState(ReadOnlySpan<float> state)
    {
        RequireStreamable();
        RequireProduct(state.Length, 1, "state", StateSize, nameof(state));
        RequireFinite(state, nameof(state));
        foreach (RecurrentLayer layer in _recurrentLayers)
        {
            layer.SetState(state.Slice(0, layer.StateSize));
            state = state.Slice(layer.StateSize);
        }
    }

    /// <summary>Inference on a minibatch (<c>[batch, Steps, InputSize]</c>); padded steps give zero outputs.</summary>
    public void Forward(ReadOnlySpan<float> inputs, Span<float> outputs, ReadOnlySpan<int> lengths = default) =>
        Forward(inputs, outputs, default, default, lengths);

    /// <summary>
    /// Inference on a minibatch whose recurrent layers start from <paramref name="initialStates"/> and report where
    /// each sequence ends in <paramref name="finalStates"/> (<c>[batch, StateSize]</c> each; either may be empty: zero
    /// initial states, final states not wanted). Sequence b's state is laid out as <see cref="GetState"/> writes one:
    /// for each recurrent layer, PyTorch's <c>h_n[:, b, :]</c> (<c>[layers · directions, hidden]</c>) then its
    /// <c>c_n[:, b, :]</c>, so this is <c>rnn(x, (h0, c0))</c> returning <c>(h_n, c_n)</c>: a batched encoder (bidirectional
    /// too) and a decoder started from its states. With variable lengths each final state is that of the sequence's
    /// last real step (a reverse direction's: of step 0), as with packed sequences.
    /// </summary>
    public void Forward(ReadOnlySpan<float> inputs, Span<float> outputs, ReadOnlySpan<float> initialStates, Span<float> finalStates, ReadOnlySpan<int> lengths = default)
    {
        RequireTokenModel(tokens: false);
        var run = PrepareBatch(inputs.Length, nameof(inputs), lengths, outputs.Length, training: false, fromStates: !initialStates.IsEmpty);
        RequireFiniteRealSteps(inputs, run.Batch, InputSize, nameof(inputs));
        RequireStates(initialStates, finalStates, run.Batch);
        StageFloats(inputs, run, Spec.Steps);
        RunForwardWithStates(run, initialStates, finalStates);
        CopyOutputs(outputs, run, Spec.Steps);
    }

    /// <summary>Inference on a minibatch of token sequences (<c>[batch, Steps]</c>).</summary>
    public void Forward(ReadOnlySpan<int> tokens, Span<float> outputs, ReadOnlySpan<int> lengths = default) =>
        Forward(tokens, outputs, default, default, lengths);

    /// <summary>
    /// Inference on a minibatch of token sequences from given recurrent states, reporting the final ones (see the float
    /// overload).
    /// </summary>
    public void Forward(ReadOnlySpan<int> tokens, Span<float> outputs, ReadOnlySpan<float> initialStates, Span<float> finalStates, ReadOnlySpan<int> lengths = default)
    {
        RequireTokenModel(tokens: true);
        var run = PrepareBatch(tokens.Length, nameof(tokens), lengths, outputs.Length, training: false, fromStates: !initialStates.IsEmpty);
        RequireTokens(tokens, run.Batch, Spec.Steps, run.Steps, nameof(tokens));
        RequireStates(initialStates, finalStates, run.Batch);
        StageTokens(tokens, run, Spec.Steps);
        RunForwardWithStates(run, initialStates, finalStates);
        CopyOutputs(outputs, run, Spec.Steps);
    }

    /// <summary>Forward, loss and backward on a minibatch with class-index targets; overwrites <see cref="Gradients"/>; returns the loss.</summary>
    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> targets, ReadOnlySpan<int> lengths = default)
    {
        RequireTokenModel(tokens: false);
        var run = PrepareTraining(inputs.Length, nameof(inputs), lengths);
        RequireFiniteRealSteps(inputs, run.Batch, InputSize, nameof(inputs));
        RequireClassTargets(targets, run.Batch);
        StageFloats(inputs, run, Spec.Steps);
        return Backpropagate(run, targets, default);
    }

    /// <summary>Forward, loss and backward on a minibatch with float targets.</summary>
    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, ReadOnlySpan<int> lengths = default)
    {
        RequireTokenModel(tokens: false);
        var run = PrepareTraining(inputs.Length, nameof(inputs), lengths);
        RequireFiniteRealSteps(inputs, run.Batch, InputSize, nameof(inputs));
        RequireValueTargets(targets, run.Batch);
        StageFloats(inputs, run, Spec.Steps);
        return Backpropagate(run, default, targets);
    }

    /// <summary>Forward, loss and backward on token sequences with class-index targets.</summary>
    public float ComputeGradients(ReadOnlySpan<int> tokens, ReadOnlySpan<int> targets, ReadOnlySpan<int> lengths = default)
    {
        RequireTokenModel(tokens: true);
        var run = PrepareTraining(tokens.Length, nameof(tokens), lengths);
        RequireTokens(tokens, run.Batch, Spec.Steps, run.Steps, nameof(tokens));
        RequireClassTargets(targets, run.Batch);
        StageTokens(tokens, run, Spec.Steps);
        return Backpropagate(run, targets, default);
    }

    /// <summary>Forward, loss and backward on token sequences with float targets.</summary>
    public float ComputeGradients(ReadOnlySpan<int> tokens, ReadOnlySpan<float> targets, ReadOnlySpan<int> lengths = default)
    {
        RequireTokenModel(tokens: true);
        var run = PrepareTraining(tokens.Length, nameof(tokens), lengths);
        RequireTokens(tokens, run.Batch, Spec.Steps, run.Steps, nameof(tokens));
        RequireValueTargets(targets, run.Batch);
        StageTokens(tokens, run, Spec.Steps);
        return Backpropagate(run, default, targets);
    }

    /// <summary>ComputeGradients, clipping and one optimizer update; returns the loss before the update.</summary>
    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> targets, ReadOnlySpan<int> lengths = default)
        => Update(ComputeGradients(inputs, targets, lengths));

    /// <summary>ComputeGradients, clipping and one optimizer update; returns the loss before the update.</summary>
    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, ReadOnlySpan<int> lengths = default)
        => Update(ComputeGradients(inputs, targets, lengths));

    /// <summary>ComputeGradients, clipping and one optimizer update; returns the loss before the update.</summary>
    public float TrainStep(ReadOnlySpan<int> tokens, ReadOnlySpan<int> targets, ReadOnlySpan<int> lengths = default)
        => Update(ComputeGradients(tokens, targets, lengths));

    /// <summary>ComputeGradients, clipping and one optimizer update; returns the loss before the update.</summary>
    public float TrainStep(ReadOnlySpan<int> tokens, ReadOnlySpan<float> targets, ReadOnlySpan<int> lengths = default)
        => Update(ComputeGradients(tokens, targets, lengths));

    /// <summary>Loads a PyTorch state dict (strict: every tensor present, no extra, F32, same shapes).</summary>
    public void LoadSafetensors(string path) => Parameters.LoadSafetensors(path);

    /// <summary>Loads this model's tensors from a larger state dict, where they are named <paramref name="prefix"/> + name (e.g. <c>"encoder."</c>).</summary>
    public void LoadSafetensors(string path, string prefix) => Parameters.LoadSafetensors(path, prefix);

    /// <summary>Saves the parameters as the state dict of the equivalent PyTorch module.</summary>
    public void SaveSafetensors(string path) => Parameters.SaveSafetensors(path);

    /// <summary>For <see cref="PrepareBatch"/>: a call that writes no outputs (training, or an encoder's pass to its states).</summary>
    private const int NoOutputs = -1;

    private RunContext PrepareBatch(int inputLength, string inputName, ReadOnlySpan<int> lengths, int outputLength, bool training, bool fromStates = false, bool stateGradients = false, string lengthsName = "lengths")
    {
        int batch = BatchOf(inputLength, inputName);
        int steps = PrepareLengths(lengths, batch, lengthsName);
        int perSequence = SequenceOutput ? Spec.Steps * OutputSize : OutputSize;
        if (outputLength != NoOutputs) RequireProduct(outputLength, batch, "sequences", perSequence, "outputs");
        return new RunContext(batch, steps, _lengths.AsSpan(0, batch), training, _twoCores, fromStates, stateGradients);
    }

    private RunContext PrepareTraining(int inputLength, string inputName, ReadOnlySpan<int> lengths)
    {
        RequireTraining();
        return PrepareBatch(inputLength, inputName, lengths, NoOutputs, training: true);
    }

    private float Backpropagate(in RunContext run, ReadOnlySpan<int> classTargets, ReadOnlySpan<float> valueTargets) =>
        Backpropagate(run, classTargets, valueTargets, out _);

    /// <summary>Forward, loss and backward; <paramref name="gradientScale"/> is the factor the gradients were rescaled by (see <see cref="LossFunction.Compute"/>).</summary>
    private float Backpropagate(in RunContext run, ReadOnlySpan<int> classTargets, ReadOnlySpan<float> valueTargets, out float gradientScale)
    {
        DropoutStateBeforeForward = DropoutRandom.State;
        RunForward(run);
        float loss = ComputeLoss(run, classTargets, valueTargets, out gradientScale);
        if (!float.IsFinite(loss))
        {
            DropoutRandom.State = DropoutStateBeforeForward;
            throw new ArithmeticException($"The loss is {loss} (expected a finite number); gradients were not computed, and parameters and the dropout generator are unchanged.");
        }
        RunBackward(run);
        if (gradientScale != 1f) ScaleGradients(gradientScale);
        return loss;
    }

    private float Update(float loss)
    {
        Optimizer optimizer = RequireOptimizer();
        double norm = LastGradientNorm = GradientNorm();
        // A refused update also takes back the forward pass's dropout masks: the generator draws them again next step.
        if (!double.IsFinite(norm)) DropoutRandom.State = DropoutStateBeforeForward;
        RequireFiniteNorm(norm);
        ClipGradients(optimizer.Settings, norm);
        if (!UpdateStaysFinite(optimizer))
        {
            DropoutRandom.State = DropoutStateBeforeForward;
            ThrowNonFiniteUpdate(optimizer.Settings, norm);
        }
        ApplyUpdate(optimizer, countStep: true);
        return loss;
    }

    /// <summary>
    /// The dropout generator's state before the last training forward pass: a step refused for a non-finite loss, norm or
    /// update sets the generator back to it, so the refused call changes nothing a later step sees.
    /// </summary>
    internal ulong DropoutStateBeforeForward { get; private set; }

    private Optimizer RequireOptimizer() =>
        _optimizer ?? throw new InvalidOperationException("This model has no optimizer attribute ([Sgd], [Adam], [AdamW] or [RmsProp]).");

    internal static void RequireFiniteNorm(double norm)
    {
        if (!double.IsFinite(norm))
            throw new ArithmeticException($"The gradient norm is {norm} (expected a finite number); parameters and the dropout generator are unchanged.");
    }

    internal static void ThrowNonFiniteUpdate(OptimizerSettings settings, double norm) =>
        throw new ArithmeticException($"This update would make parameters non-finite (learning rate {settings.LearningRate}, gradient norm {norm}); parameters, optimizer state and the dropout generator are unchanged.");

    private void RequireStreamable()
    {
        if (_bidirectionalLayer is { } name)
            throw new InvalidOperationException($"Step streams forward in time, but '{name}' is bidirectional: use Predict on the whole sequence.");
    }
}
