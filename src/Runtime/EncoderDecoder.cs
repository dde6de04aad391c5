using System;
using ModelCompiler.Runtime.Memory;
using ModelCompiler.Runtime.Training;

namespace ModelCompiler.Runtime;

/// <summary>
/// An encoder and a decoder trained as one sequence-to-sequence model, as PyTorch trains
/// <c>decoder(y, encoder(x)[1])</c> with one loss, one <c>clip_grad_norm_</c> and one optimizer over both modules'
/// parameters: the encoder's final states (h_n, c_n of each sequence) are the decoder's initial states, and the
/// decoder's loss reaches the encoder through them. The decoder declares the loss, the optimizer and the clipping; the
/// encoder needs only recurrent layers whose state shapes equal the decoder's (its own loss and optimizer, if any, are
/// not used). Everything is allocated here; no call allocates.
/// </summary>
public sealed class EncoderDecoder
{
    private readonly Optimizer? _encoderOptimizer;
    private readonly AlignedBuffer _states, _stateGradients;

    // The encoder's parameters after its last recurrent layer (a head its states do not pass through), kept through updates.
    private readonly float[] _encoderUnused;

    // Decode's buffers: one source sequence padded to the encoder's steps, its length, the decoder's scores for a step.
    private readonly float[] _sourceFeatures;
    private readonly int[] _sourceTokens;
    private readonly int[] _sourceLength = new int[1];
    private readonly float[] _scores;

    /// <summary>Pairs two generated models (see <see cref="EncoderDecoder(Network, Network)"/>).</summary>
    public EncoderDecoder(INetworkModel encoder, INetworkModel decoder)
        : this((encoder ?? throw new ArgumentNullException(nameof(encoder))).Network, (decoder ?? throw new ArgumentNullException(nameof(decoder))).Network)
    {
    }

    /// <summary>
    /// Pairs <paramref name="encoder"/> and <paramref name="decoder"/>. The decoder needs a loss (and an optimizer for
    /// <see cref="TrainStep"/>); the states of the two must have the same shapes, e.g. an encoder
    /// <c>Lstm(256, Bidirectional = true)</c> and a decoder <c>Lstm(256, Layers = 2)</c> (h_n and c_n <c>[2, 256]</c>).
    /// </summary>
    public EncoderDecoder(Network encoder, Network decoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(decoder);
        if (ReferenceEquals(encoder, decoder)) throw new ArgumentException("The encoder and the decoder must be two models.", nameof(decoder));
        if (encoder.StateSize == 0) throw new ArgumentException("The encoder has no recurrent layer, so no state to hand on.", nameof(encoder));
        if (decoder.Spec.Loss is null) throw new ArgumentException("The decoder has no [Loss]: it declares the loss the pair trains on.", nameof(decoder));
        if (encoder.StateShapes != decoder.StateShapes)
            throw new ArgumentException($"The encoder's state is {encoder.StateShapes}, but the decoder's is {decoder.StateShapes}: they must have the same shapes.", nameof(decoder));
        Encoder = encoder;
        Decoder = decoder;
        if (decoder.OptimizerState is { } optimizer) _encoderOptimizer = new Optimizer(optimizer.Settings, encoder.ParameterStorageLength);
        _states = new AlignedBuffer(encoder.Spec.BatchSize * encoder.StateSize);
        _stateGradients = new AlignedBuffer(encoder.Spec.BatchSize * encoder.StateSize);
        _encoderUnused = new float[encoder.ParameterCount - encoder.ParametersThroughLastRecurrentLayer];
        _sourceFeatures = new float[encoder.TokenInput ? 0 : encoder.Spec.Steps * encoder.InputSize];
        _sourceTokens = new int[encoder.TokenInput ? encoder.Spec.Steps : 0];
        _scores = new float[decoder.OutputSize];
    }

    /// <summary>The encoder's optimizer state (moments), updated with the decoder's settings; null without an optimizer.</summary>
    internal Optimizer? EncoderOptimizer => _encoderOptimizer;

    /// <summary>The encoder; its <c>Gradients</c> are those of the last <see cref="ComputeGradients"/> or <see cref="TrainStep"/>.</summary>
    public Network Encoder { get; }

    /// <summary>The decoder, whose loss, optimizer hyperparameters (<c>Decoder.Optimizer</c>, shared by both) and clipping the pair uses.</summary>
    public Network Decoder { get; }

    /// <summary>Global L2 norm of both models' gradients in the last <see cref="TrainStep"/>, before clipping (what <c>clip_grad_norm_</c> returns).</summary>
    public double LastGradientNorm { get; private set; }

    /// <summary>
    /// Inference on a minibatch of sequence pairs (teacher forcing: the decoder reads <paramref name="decoderInputs"/>),
    /// no dropout: the decoder's <paramref name="outputs"/> as its <c>Forward</c> writes them, started from the encoder's
    /// final states. For validation losses and metrics; greedy or beam decoding streams the decoder instead
    /// (<c>SetState</c>, <c>Step</c>).
    /// </summary>
    public void Forward(BatchInputs source, BatchInputs decoderInputs, Span<float> outputs, ReadOnlySpan<int> sourceLengths = default, ReadOnlySpan<int> targetLengths = default)
    {
        RequireLengths(sourceLengths, targetLengths);
        RequireDecoderBatch(decoderInputs, Encoder.RequireInferenceArguments(source, nameof(source), sourceLengths, nameof(sourceLengths)));
        Decoder.RequireInferenceArguments(decoderInputs, nameof(decoderInputs), targetLengths, nameof(targetLengths));
        int batch = Encoder.ForwardToStates(source, nameof(source), sourceLengths, _states.Span, training: false);
        RequireDecoderBatch(decoderInputs, batch);
        ReadOnlySpan<float> states = _states.Slice(0, batch * Encoder.StateSize);
        if (decoderInputs.IsTokens) Decoder.Forward(decoderInputs.Tokens, outputs, states, default, targetLengths);
        else Decoder.Forward(decoderInputs.Features, outputs, states, default, targetLengths);
    }

    /// <summary>
    /// Forward and backward through both models on a minibatch of sequence pairs: <paramref name="source"/> for the
    /// encoder, <paramref name="decoderInputs"/> (e.g. the targets shifted right, teacher forcing) and
    /// <paramref name="targets"/> for the decoder, with optional lengths for variable-length models. Overwrites both
    /// models' <c>Gradients</c>; returns the decoder's loss. Dropout is on in both (training mode).
    /// </summary>
    public float ComputeGradients(BatchInputs source, BatchInputs decoderInputs, BatchTargets targets, ReadOnlySpan<int> sourceLengths = default, ReadOnlySpan<int> targetLengths = default)
    {
        RequireLengths(sourceLengths, targetLengths);
        // Every argument of both models is checked before the encoder runs (and draws its dropout masks): a refused call
        // changes nothing.
        RequireDecoderBatch(decoderInputs, Encoder.RequireInferenceArguments(source, nameof(source), sourceLengths, nameof(sourceLengths)));
        Decoder.RequireTrainingArguments(decoderInputs, nameof(decoderInputs), targets, targetLengths, nameof(targetLengths));
        _encoderDropoutBeforeStep = Encoder.DropoutRandom.State;
        int batch = Encoder.ForwardToStates(source, nameof(source), sourceLengths, _states.Span, training: true);
        RequireDecoderBatch(decoderInputs, batch);
        Span<float> states = _states.Slice(0, batch * Encoder.StateSize), stateGradients = _stateGradients.Slice(0, states.Length);
        float loss;
        try
        {
            loss = Decoder.GradientsFromStates(decoderInputs, nameof(decoderInputs), targets, targetLengths, states, stateGradients);
        }
        catch
        {
            // A refused decoder step (a non-finite loss sets the decoder's generator back): the encoder's masks go too.
            Encoder.DropoutRandom.State = _encoderDropoutBeforeStep;
            throw;
        }
        Encoder.BackwardFromStates(stateGradients);
        return loss;
    }

    /// <summary>The encoder's dropout generator before the last training step's forward pass (the decoder keeps its own).</summary>
    private ulong _encoderDropoutBeforeStep;

    /// <summary>Sets both models' dropout generators back to where the last training step found them.</summary>
    private void TakeBackDropoutMasks()
    {
        Encoder.DropoutRandom.State = _encoderDropoutBeforeStep;
        Decoder.DropoutRandom.State = Decoder.DropoutStateBeforeForward;
    }

    /// <summary>
    /// Greedy decoding of one source sequence (<c>steps × InputSize</c> values, up to the encoder's steps): the encoder's
    /// final states start the decoder, which then streams one token a step, reading the token it wrote before (the first
    /// step reads <paramref name="start"/>), the highest-scoring class each time, until it writes <paramref name="end"/>
    /// (−1: no end token) or <paramref name="output"/> is full. Returns how many tokens it wrote (the end token not counted). For token
    /// decoders whose output classes are their input tokens (a shared vocabulary), in inference mode; allocates nothing.
    /// It streams the decoder: the decoder's streaming state (<c>Step</c>, <c>GetState</c>) is left where decoding ended.
    /// </summary>
    public int Decode(BatchInputs source, int start, int end, Span<int> output)
    {
        RequireDecodable(start, end);
        Decoder.SetState(Encode(source));
        int written = 0, previous = start;
        while (written < output.Length)
        {
            Decoder.Step(previous, _scores);
            int best = 0;
            for (int c = 1; c < _scores.Length; c++) if (_scores[c] > _scores[best]) best = c;
            if (best == end) break;
            output[written++] = best;
            previous = best;
        }
        return written;
    }

    /// <summary>
    /// Beam search decoding of one source sequence: the <paramref name="beamWidth"/> most probable partial sequences
    /// (by the sum of their tokens' log-probabilities, no length penalty) are extended a token at a time, and the most
    /// probable sequence that ends with <paramref name="end"/>, or fills <paramref name="output"/>, is written there
    /// (the end token not counted); returns its length. Width 1 is <see cref="Decode(BatchInputs, int, int, Span{int})"/>.
    /// The decoder's last layer must give logits (<c>Activation.None</c>) or a softmax. Allocates only the first time a
    /// width or output length larger than before is asked for.
    /// </summary>
    public int Decode(BatchInputs source, int start, int end, Span<int> output, int beamWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(beamWidth, 1);
        if (beamWidth == 1) return Decode(source, start, end, output);
        RequireDecodable(start, end);
        if (Decoder.Spec.Layers[^1] is not DenseSpec { Activation: Activation.None or Activation.Softmax } head)
            throw new InvalidOperationException("Beam search ranks sequences by log-probabilities: the decoder's last layer must be a Dense giving logits (Activation.None) or a softmax.");
        _beamSearch ??= new BeamSearch(Decoder, probabilities: head.Activation == Activation.Softmax);
        return _beamSearch.Run(Encode(source), start, end, output, beamWidth);
    }

    private BeamSearch? _beamSearch;

    /// <summary>
    /// A token decoder whose classes are tokens it reads, a start token and an end token among its classes (or −1: none,
    /// the output's length ends decoding): checked before anything runs, so a refused call changes nothing.
    /// </summary>
    private void RequireDecodable(int start, int end)
    {
        if (!Decoder.TokenInput) throw new InvalidOperationException("Decode feeds back tokens, but the decoder reads float features: step it with Decoder.Step instead.");
        int vocabulary = Decoder.Vocabulary, classes = Decoder.OutputSize;
        if (classes > vocabulary)
            throw new InvalidOperationException($"Decode feeds each class back as the next token, but the decoder has {classes} classes and reads tokens 0..{vocabulary - 1}: its classes must be tokens of its vocabulary.");
        if ((uint)start >= (uint)vocabulary)
            throw new ArgumentOutOfRangeException(nameof(start), $"start must be a token of the decoder's vocabulary 0..{vocabulary - 1}, but it is {start}.");
        if (end < -1 || end >= classes)
            throw new ArgumentOutOfRangeException(nameof(end), $"end must be one of the decoder's classes 0..{classes - 1}, or -1 for none (the output's length ends decoding), but it is {end}.");
    }

    /// <summary>The encoder's final states for one source sequence (<c>steps × InputSize</c> values, up to its steps), in inference mode.</summary>
    private ReadOnlySpan<float> Encode(BatchInputs source)
    {
        if (source.IsTokens != Encoder.TokenInput)
            throw new InvalidOperationException(Encoder.TokenInput ? "The encoder reads tokens: pass them as ints." : "The encoder reads float features: pass them as floats.");
        int width = Encoder.InputSize, steps = source.Length / width;
        if (source.Length == 0 || source.Length % width != 0 || steps > Encoder.Spec.Steps || (!Encoder.Spec.VariableLength && steps != Encoder.Spec.Steps))
        {
            string expected = Encoder.Spec.VariableLength ? $"1 to {Encoder.Spec.Steps}" : $"{Encoder.Spec.Steps}";
            string unit = Encoder.TokenInput ? " tokens" : $" steps × {width} values";
            throw new ArgumentException($"source must hold one sequence of {expected}{unit}, but it holds {source.Length}.", nameof(source));
        }
        // Padded to the encoder's steps, with the real length (padding is never read).
        _sourceLength[0] = steps;
        BatchInputs padded;
        if (source.IsTokens)
        {
            source.Tokens.CopyTo(_sourceTokens);
            padded = _sourceTokens;
        }
        else
        {
            source.Features.CopyTo(_sourceFeatures);
            padded = _sourceFeatures;
        }
        ReadOnlySpan<int> lengths = Encoder.Spec.VariableLength ? _sourceLength : default;
        Encoder.ForwardToStates(padded, nameof(source), lengths, _states.Span, training: false);
        return _states.Slice(0, Encoder.StateSize);
    }

    /// <summary>Lengths only for a model declared with MaxSteps (a fixed-length model, alone or in PyTorch, takes none).</summary>
    private void RequireLengths(ReadOnlySpan<int> sourceLengths, ReadOnlySpan<int> targetLengths)
    {
        if (!sourceLengths.IsEmpty && !Encoder.Spec.VariableLength)
            throw new ArgumentException("The encoder is declared with Steps (fixed length): it takes no lengths; declare MaxSteps for variable lengths.", nameof(sourceLengths));
        if (!targetLengths.IsEmpty && !Decoder.Spec.VariableLength)
            throw new ArgumentException("The decoder is declared with Steps (fixed length): it takes no lengths; declare MaxSteps for variable lengths.", nameof(targetLengths));
    }

    private void RequireDecoderBatch(BatchInputs decoderInputs, int batch)
    {
        int perSequence = Decoder.Spec.Steps * Decoder.InputSize;
        if (decoderInputs.Length != batch * perSequence)
            throw new ArgumentException($"decoderInputs must hold one sequence per source sequence ({batch} × {Decoder.Spec.Steps} steps × {Decoder.InputSize} = {batch * perSequence} values), but it holds {decoderInputs.Length}.", nameof(decoderInputs));
    }

    /// <summary>
    /// Saves both models' parameters in one safetensors file, as the state dict of a PyTorch module holding them as
    /// submodules <paramref name="encoderPrefix"/> and <paramref name="decoderPrefix"/> (default: <c>self.encoder</c>,
    /// <c>self.decoder</c>), so <c>seq2seq.load_state_dict(safetensors.torch.load_file(path))</c> takes it.
    /// </summary>
    public void SaveSafetensors(string path, string encoderPrefix = "encoder.", string decoderPrefix = "decoder.")
    {
        RequirePrefixes(encoderPrefix, decoderPrefix);
        var writer = new IO.SafetensorsWriter();
        Encoder.Parameters.WriteTensors(writer, encoderPrefix);
        Decoder.Parameters.WriteTensors(writer, decoderPrefix);
        writer.Save(path);
    }

    /// <summary>
    /// Loads both models from one state dict (see <see cref="SaveSafetensors"/>), strictly like <c>load_state_dict</c>:
    /// every problem of either model, and every tensor under neither prefix, is reported in one
    /// <see cref="System.IO.InvalidDataException"/>, and neither model changes unless the whole file fits.
    /// </summary>
    public void LoadSafetensors(string path, string encoderPrefix = "encoder.", string decoderPrefix = "decoder.")
    {
        RequirePrefixes(encoderPrefix, decoderPrefix);
        IO.SafetensorsFile file = IO.SafetensorsReader.Read(path);
        var problems = new System.Collections.Generic.List<string>();
        IO.SafetensorsTensor[] encoderTensors = Encoder.Parameters.Match(file, encoderPrefix, problems);
        IO.SafetensorsTensor[] decoderTensors = Decoder.Parameters.Match(file, decoderPrefix, problems);
        foreach (IO.SafetensorsTensor tensor in file.Tensors)
        {
            if (!tensor.Name.StartsWith(encoderPrefix, StringComparison.Ordinal) && !tensor.Name.StartsWith(decoderPrefix, StringComparison.Ordinal))
                problems.Add($"unexpected tensor '{tensor.Name}' (under neither '{encoderPrefix}' nor '{decoderPrefix}')");
        }
        if (problems.Count > 0) ParameterSet.ThrowLoadProblems(file, problems, "");
        Encoder.Parameters.CopyMatched(encoderTensors);
        Decoder.Parameters.CopyMatched(decoderTensors);
    }

    /// <summary>Two prefixes neither of which starts the other, so every tensor name belongs to one model at most.</summary>
    private static void RequirePrefixes(string encoderPrefix, string decoderPrefix)
    {
        ArgumentNullException.ThrowIfNull(encoderPrefix);
        ArgumentNullException.ThrowIfNull(decoderPrefix);
        if (!encoderPrefix.EndsWith('.') || !decoderPrefix.EndsWith('.'))
            throw new ArgumentException($"The prefixes '{encoderPrefix}' and '{decoderPrefix}' must end with '.', as submodule names do in a state dict (\"encoder.\").", nameof(encoderPrefix));
        if (encoderPrefix.StartsWith(decoderPrefix, StringComparison.Ordinal) || decoderPrefix.StartsWith(encoderPrefix, StringComparison.Ordinal))
            throw new ArgumentException($"The prefixes '{encoderPrefix}' and '{decoderPrefix}' overlap: each tensor name must belong to one model.", nameof(decoderPrefix));
    }

    /// <summary>
    /// <see cref="ComputeGradients"/>, then the decoder's clipping over both models' gradients together (one global norm)
    /// and one update of both by the decoder's optimizer; returns the loss before the update. Nothing is updated if the
    /// loss, the norm or the update would not be finite.
    /// </summary>
    public float TrainStep(BatchInputs source, BatchInputs decoderInputs, BatchTargets targets, ReadOnlySpan<int> sourceLengths = default, ReadOnlySpan<int> targetLengths = default)
    {
        if (Decoder.OptimizerState is not { } decoderOptimizer)
            throw new InvalidOperationException("The decoder has no optimizer attribute ([Sgd], [Adam], [AdamW] or [RmsProp]): it declares the optimizer of the pair.");
        float loss = ComputeGradients(source, decoderInputs, targets, sourceLengths, targetLengths);
        double encoderNorm = Encoder.GradientNorm(), decoderNorm = Decoder.GradientNorm();
        double norm = LastGradientNorm = Math.Sqrt(encoderNorm * encoderNorm + decoderNorm * decoderNorm);
        if (!double.IsFinite(norm)) TakeBackDropoutMasks();
        Network.RequireFiniteNorm(norm);
        OptimizerSettings settings = decoderOptimizer.Settings;
        Encoder.ClipGradients(settings, norm);
        Decoder.ClipGradients(settings, norm);
        if (!Encoder.UpdateStaysFinite(_encoderOptimizer!) || !Decoder.UpdateStaysFinite(decoderOptimizer))
        {
            TakeBackDropoutMasks();
            Network.ThrowNonFiniteUpdate(settings, norm);
        }
        Decoder.ApplyUpdate(decoderOptimizer, countStep: true);
        // Layers after the encoder's last recurrent layer get no gradient in PyTorch, so its optimizer skips them (no
        // weight decay, no momentum): they are kept as they are.
        Encoder.ApplyUpdate(_encoderOptimizer!, countStep: false, _encoderUnused);
        return loss;
    }
}
