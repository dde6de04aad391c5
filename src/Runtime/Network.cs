using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Intrinsics;
using ModelCompiler.Runtime.Layers;
using ModelCompiler.Runtime.Memory;
using ModelCompiler.Runtime.Simd;
using ModelCompiler.Runtime.Training;

namespace ModelCompiler.Runtime;

/// <summary>
/// Executes one model described by a <see cref="NetworkSpec"/>: owns every buffer (allocated once, here), the
/// parameters in PyTorch layout, their gradients and the optimizer state. Generated model classes wrap one
/// instance; tests can also build one directly from a spec.
/// Layouts seen by callers are PyTorch's with <c>batch_first</c>: inputs <c>[batch, steps, InputSize]</c> (floats)
/// or <c>[batch, steps]</c> (tokens), outputs <c>[batch, OutputSize]</c> or <c>[batch, steps, OutputSize]</c>.
/// No call after construction allocates.
/// </summary>
public sealed partial class Network
{
    private readonly Layer[] _layers;
    private readonly ActivationTensor _input;
    private readonly EmbeddingLayer? _embedding;
    private readonly AlignedBuffer _parameterStorage;
    private readonly AlignedBuffer _gradientStorage;
    // Frozen parameters the optimizer runs over (frozen layers after the first trainable one, and the leading frozen
    // block's floats in the first updated group): saved around each update and put back; and the gradients of frozen
    // recurrent and Dense layers, zeroed after each backward pass.
    private readonly (int Offset, int Length)[] _frozenRanges, _frozenGradientRanges;

    // Per layer: whether its backward pass runs in a plain run, and in a run that takes the gradient to the initial states.
    private readonly bool[] _backwardWanted, _backwardWantedForStates;
    private readonly float[] _frozenCopy;
    private readonly Optimizer? _optimizer;
    private readonly int[] _fullLengths;
    private readonly int[] _lengths;
    private readonly string? _bidirectionalLayer; // the first one; such models cannot stream
    private readonly LayerPass[][] _forwardPasses;
    private readonly LayerPass[][] _backwardPasses;
    private readonly StreamPass[][] _streamPasses;
    private readonly RecurrentLayer[] _recurrentLayers; // in order: the layout of GetState/SetState

    /// <summary>Builds the network <paramref name="spec"/> describes: every buffer allocated and the parameters initialized (seeded) here.</summary>
    public Network(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        RequireDefinedKinds(spec);
        Spec = spec;
        int maxSteps = spec.Steps, maxBatch = spec.BatchSize;
        var dropoutRandom = DropoutRandom = new DeterministicRandom(spec.Seed ^ 0x5DEECE66DL);

        _input = new ActivationTensor(FeatureLayout.Plain(spec.InputSize), isSequence: true, maxSteps, maxBatch);
        var layers = new List<Layer>();
        ActivationTensor current = _input;
        string? lastStepOnly = null; // the recurrent layer that ended the sequence
        foreach (LayerSpec layerSpec in spec.Layers)
        {
            // The generator reports this as MC0006; a spec built by hand is checked here, before any buffer is sized from it.
            if (layerSpec is RecurrentSpec needsSequence && !current.IsSequence)
                throw new ArgumentException($"{needsSequence.Cell} '{needsSequence.Name}' needs a sequence, but '{lastStepOnly}' returns only its last step: set ReturnSequences = true on '{lastStepOnly}'.", nameof(spec));
            Layer layer = layerSpec switch
            {
                EmbeddingSpec embedding => _embedding = new EmbeddingLayer(embedding, current, maxSteps, maxBatch),
                RecurrentSpec recurrent => new RecurrentLayer(recurrent, current, maxSteps, maxBatch, dropoutRandom),
                DenseSpec dense => new DenseLayer(dense, current, maxSteps, maxBatch),
                DropoutSpec dropout => new DropoutLayer(dropout, current, maxSteps, maxBatch, dropoutRandom),
                _ => throw new ArgumentException($"Unknown layer spec {layerSpec.GetType().Name}.", nameof(spec)),
            };
            layers.Add(layer);
            current = layer.Output;
            if (layerSpec is RecurrentSpec { ReturnSequences: false }) lastStepOnly ??= layer.Name;
        }
        if (layers.Count == 0) throw new ArgumentException("A network needs at least one layer.", nameof(spec));
        _layers = layers.ToArray();
        _recurrentLayers = _layers.OfType<RecurrentLayer>().ToArray();
        StateSize = _recurrentLayers.Sum(layer => layer.StateSize);
        // A layer computes its input's gradient only when something upstream learns: not for the first layer, nor after
        // frozen layers and parameterless dropouts only; a run to the initial states also wants it after a recurrent
        // layer. A layer that neither learns nor passes a gradient on skips its backward pass (a frozen pretrained
        // encoder under a learning head costs its forward pass only, as in PyTorch).
        bool upstreamLearns = false, upstreamHasState = false;
        _backwardWanted = new bool[layers.Count];
        _backwardWantedForStates = new bool[layers.Count];
        for (int i = 0; i < _layers.Length; i++)
        {
            Layer layer = _layers[i];
            bool learns = layer.Trainable && layer.DeclareParameters().Any();
            layer.NeedsInputGradient = upstreamLearns;
            layer.NeedsInputGradientForStates = upstreamLearns || upstreamHasState;
            _backwardWanted[i] = learns || layer.NeedsInputGradient;
            _backwardWantedForStates[i] = learns || layer.NeedsInputGradientForStates || layer is RecurrentLayer;
            upstreamLearns |= learns;
            upstreamHasState |= layer is RecurrentLayer;
        }
        (_forwardPasses, _backwardPasses) = BindPasses(_layers);
        _streamPasses = BindStreamPasses(_layers);

        // Parameters: contiguous PyTorch tensors in declaration order, then seeded PyTorch-style initialization.
        var entries = new List<ParameterInfo>();
        var declarations = new List<ParameterDeclaration>();
        int offset = 0;
        var frozen = new List<(int Offset, int Length)>();
        var frozenGradients = new List<(int Offset, int Length)>();
        foreach (Layer layer in _layers)
        {
            int start = offset;
            foreach (ParameterDeclaration declaration in layer.DeclareParameters())
            {
                var entry = new ParameterInfo(declaration.Name, declaration.Shape, offset);
                entries.Add(entry);
                declarations.Add(declaration);
                offset += entry.Length;
            }
            if (layer is RecurrentLayer) ParametersThroughLastRecurrentLayer = offset;
            if (layer.Trainable || offset == start) continue;
            // Frozen layers at the start of the storage are skipped by the optimizer; the others are put back after it.
            if (start == FrozenParameters) FrozenParameters = offset;
            else frozen.Add((start, offset - start));
            // Frozen layers write no gradient; a frozen recurrent or Dense layer's are zeroed after each backward pass all
            // the same (cheap), so that values put there through Gradients cannot reach clipping.
            if (layer is not EmbeddingLayer) frozenGradients.Add((start, offset - start));
        }
        // The optimizer starts at the 16-float group holding the first parameter after the leading frozen block: the
        // frozen floats sharing that group are put back like the other frozen ranges.
        if (FrozenParameters % 16 != 0) frozen.Insert(0, (FrozenParameters & ~15, FrozenParameters % 16));
        _frozenRanges = frozen.ToArray();
        _frozenGradientRanges = frozenGradients.ToArray();
        _frozenCopy = new float[frozen.Sum(range => range.Length)];
        ParameterCount = offset;
        _parameterStorage = new AlignedBuffer(AlignedBuffer.RoundUp(offset));
        _gradientStorage = new AlignedBuffer(AlignedBuffer.RoundUp(offset));
        Initialize(entries, declarations, new DeterministicRandom(spec.Seed));
        Parameters = new ParameterSet(entries, _parameterStorage, PackAll);
        Gradients = new ParameterSet(entries, _gradientStorage);
        var binder = new ParameterBinder(entries, _parameterStorage, _gradientStorage);
        foreach (Layer layer in _layers) layer.Bind(binder);
        PackAll();

        ActivationTensor output = _layers[^1].Output;
        OutputSize = output.Layout.Width;
        SequenceOutput = output.IsSequence;
        if (spec.Loss is { } loss && loss.Kind is LossKind.CrossEntropy or LossKind.BinaryCrossEntropy)
        {
            if (_layers[^1] is not DenseLayer dense)
                throw new ArgumentException($"{loss.Kind} needs a Dense last layer whose logits it reads, but the last layer is '{_layers[^1].Name}'.", nameof(spec));
            dense.GradientIsPreActivation = true;
        }
        if (spec.Optimizer is { } optimizer)
        {
            if (spec.Loss is null) throw new ArgumentException("An optimizer needs a loss.", nameof(spec));
            Optimizer = new OptimizerSettings(optimizer, spec.Clip);
            _optimizer = new Optimizer(Optimizer, _parameterStorage.Length);
        }
        foreach (LayerSpec layer in spec.Layers)
            if (layer is RecurrentSpec { Bidirectional: true }) _bidirectionalLayer ??= layer.Name;
        _fullLengths = new int[maxBatch];
        _lengths = new int[maxBatch];
        _fullLengths.AsSpan().Fill(maxSteps);
    }

    /// <summary>The model this network runs.</summary>
    public NetworkSpec Spec { get; }

    /// <summary>Floats per input step (1 for token models: one token per step).</summary>
    public int InputSize => Spec.InputSize;

    /// <summary>Values per output step (sequence outputs) or per sequence.</summary>
    public int OutputSize { get; }

    /// <summary>
    /// Floats of the recurrent state of one sequence: for each recurrent layer in order, h_n then (LSTM) c_n as PyTorch
    /// shapes them for one sequence, <c>[layers · directions, hidden]</c> each (see <see cref="GetState"/> and the
    /// <c>Forward</c> overloads with states).
    /// </summary>
    public int StateSize { get; }

    /// <summary>Whether the last layer returns every step.</summary>
    public bool SequenceOutput { get; }

    /// <summary>Whether the input is token indices (first layer is an embedding).</summary>
    public bool TokenInput => _embedding is not null;

    /// <summary>Tokens of a token model (its embedding's rows, 0 … Vocabulary − 1); 0 for float input.</summary>
    internal int Vocabulary => _embedding?.Vocabulary ?? 0;

    /// <summary>Trainable values, counted as PyTorch counts them.</summary>
    public int ParameterCount { get; }

    /// <summary>Parameters in PyTorch names and layout; <c>CopyFrom</c> and loads refresh the internal copies.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>Gradients of the last <c>ComputeGradients</c>/<c>TrainStep</c>, same names and layout.</summary>
    public ParameterSet Gradients { get; }

    /// <summary>Run-time optimizer hyperparameters; null for models without an optimizer.</summary>
    public OptimizerSettings? Optimizer { get; }

    /// <summary>The instruction-set path every call uses; defaults to the fastest this process supports.</summary>
    public Isa Isa
    {
        get => _isa;
        set
        {
            if (!IsaSelector.IsSupported(value)) throw new PlatformNotSupportedException($"The {value} path is not supported by this processor.");
            _isa = value;
        }
    }

    private Isa _isa = IsaSelector.Best;

    /// <summary>
    /// Cores the batch calls (<c>Forward</c>, <c>ComputeGradients</c>, <c>TrainStep</c>, <c>Predict</c>) may use: 1
    /// (the default) or 2. With 2, every large product hands half of its output to a second core (a single sequence's
    /// recurrent product at every step too, from <see cref="Kernels.MatVec{TIsa, TVec}.SplitMultiplyAdds"/>); each element is
    /// still computed whole, in the same order, by one core, so the results are the same bits as on one core. The
    /// second core is one thread shared by the process: while another network holds it, products run on one core.
    /// </summary>
    public int Cores
    {
        get => _twoCores ? 2 : 1;
        set
        {
            if (value is < 1 or > 2) throw new ArgumentOutOfRangeException(nameof(value), $"{nameof(Cores)} must be 1 or 2, but it is {value}.");
            _twoCores = value == 2;
            if (_twoCores) Kernels.SecondCore.Prepare();
        }
    }

    private bool _twoCores;

    /// <summary>Global L2 norm of the gradients of the last <c>TrainStep</c>, before clipping (what <c>clip_grad_norm_</c> returns).</summary>
    public double LastGradientNorm { get; private set; }

    /// <summary>The generator of every dropout mask, for checkpoints (resuming a run with dropout reproduces its masks).</summary>
    internal DeterministicRandom DropoutRandom { get; }

    /// <summary>Optimizer state (moment buffers) for checkpoints; null without an optimizer.</summary>
    internal Optimizer? OptimizerState => _optimizer;

    /// <summary>
    /// Each parameter by its declared scheme (<see cref="ParameterInitialization"/>; PyTorch's default per module unless
    /// the model chose another), seeded, in declaration order.
    /// </summary>
    private void Initialize(List<ParameterInfo> entries, List<ParameterDeclaration> declarations, DeterministicRandom random)
    {
        Span<float> storage = _parameterStorage.Span;
        for (int i = 0; i < entries.Count; i++)
        {
            ParameterInitialization.Fill(declarations[i], storage.Slice(entries[i].Offset, entries[i].Length), random);
        }
    }

    /// <summary>
    /// Each layer's forward and backward pass for each path, bound once as delegates: calling a generic virtual
    /// method resolves it through a runtime cache on every call, which costs time and can even allocate when the
    /// cache is shared with other code; a bound delegate is a plain indirect call.
    /// </summary>
    private static (LayerPass[][] Forward, LayerPass[][] Backward) BindPasses(Layer[] layers)
    {
        var forward = new LayerPass[3][];
        var backward = new LayerPass[3][];
        forward[(int)Isa.Avx512] = Array.ConvertAll(layers, layer => (LayerPass)layer.Forward<Avx512Isa, Vector512<float>>);
        forward[(int)Isa.Avx2] = Array.ConvertAll(layers, layer => (LayerPass)layer.Forward<Avx2Isa, Vector256<float>>);
        forward[(int)Isa.Portable] = Array.ConvertAll(layers, layer => (LayerPass)layer.Forward<PortableIsa, Vector128<float>>);
        backward[(int)Isa.Avx512] = Array.ConvertAll(layers, layer => (LayerPass)layer.Backward<Avx512Isa, Vector512<float>>);
        backward[(int)Isa.Avx2] = Array.ConvertAll(layers, layer => (LayerPass)layer.Backward<Avx2Isa, Vector256<float>>);
        backward[(int)Isa.Portable] = Array.ConvertAll(layers, layer => (LayerPass)layer.Backward<PortableIsa, Vector128<float>>);
        return (forward, backward);
    }

    /// <summary>Each layer's streaming step for each path, bound once like the passes above.</summary>
    private static StreamPass[][] BindStreamPasses(Layer[] layers)
    {
        var steps = new StreamPass[3][];
        steps[(int)Isa.Avx512] = Array.ConvertAll(layers, layer => (StreamPass)layer.StreamStep<Avx512Isa, Vector512<float>>);
        steps[(int)Isa.Avx2] = Array.ConvertAll(layers, layer => (StreamPass)layer.StreamStep<Avx2Isa, Vector256<float>>);
        steps[(int)Isa.Portable] = Array.ConvertAll(layers, layer => (StreamPass)layer.StreamStep<PortableIsa, Vector128<float>>);
        return steps;
    }

    private void PackAll()
    {
        foreach (Layer layer in _layers) layer.Pack();
    }
}
