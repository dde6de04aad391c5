using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelCompiler.Runtime.Tests.Oracle;

/// <summary>
/// The float64 libtorch modules equivalent to a <see cref="NetworkSpec"/>, loaded with given parameters.
/// Dropout is left out (identity), which is what the engine does outside training and what the oracle tests use.
/// </summary>
internal sealed class TorchModel : IDisposable
{
    private readonly NetworkSpec _spec;
    private readonly List<(LayerSpec Spec, nn.Module Module)> _layers = new();
    private readonly List<nn.Module> _owned = new();
    private TorchStateDict? _container;

    /// <param name="parameters">Values by PyTorch name; null keeps libtorch's default initialization.</param>
    public TorchModel(NetworkSpec spec, IReadOnlyDictionary<string, float[]>? parameters)
    {
        _spec = spec;
        int features = spec.InputSize;
        foreach (LayerSpec layer in spec.Layers)
        {
            nn.Module? module = layer switch
            {
                EmbeddingSpec e => nn.Embedding(e.Vocab, e.Dim),
                RecurrentSpec r => CreateRecurrent(r, features),
                DenseSpec d => nn.Linear(features, d.Units),
                DropoutSpec => null,
                _ => throw new NotSupportedException($"Layer {layer} has no torch equivalent."),
            };
            features = layer switch
            {
                EmbeddingSpec e => e.Dim,
                RecurrentSpec r => r.Hidden * (r.Bidirectional ? 2 : 1),
                DenseSpec d => d.Units,
                _ => features,
            };
            if (module is null) continue;
            module = module.to(float64);
            _owned.Add(module);
            _layers.Add((layer, module));
            foreach ((string local, Parameter p) in module.named_parameters())
                Parameters.Add($"{layer.Name}.{local}", p);
        }
        if (parameters is not null) Load(parameters);
        // A frozen layer: requires_grad_(False), so it gets no gradient and optimizers skip it.
        foreach ((LayerSpec layer, nn.Module module) in _layers)
            if (layer is EmbeddingSpec { Trainable: false } or RecurrentSpec { Trainable: false } or DenseSpec { Trainable: false })
                foreach (Parameter p in module.parameters()) p.requires_grad = false;
    }

    /// <summary>Every parameter by PyTorch name, in state-dict order.</summary>
    public Dictionary<string, Parameter> Parameters { get; } = new(StringComparer.Ordinal);

    /// <summary>True when the last layer yields one vector per step.</summary>
    public bool SequenceOutput
    {
        get
        {
            bool sequence = true;
            foreach (LayerSpec layer in _spec.Layers)
                if (layer is RecurrentSpec r) sequence = r.ReturnSequences;
            return sequence;
        }
    }

    /// <summary>
    /// Runs one sequence <c>[1, length, features]</c> (or tokens <c>[1, length]</c>) through every layer.
    /// Returns the output after the declared activation and the pre-activation of the last Dense (the logits
    /// the fused losses use; the output itself when the model does not end in a Dense).
    /// </summary>
    public (Tensor Output, Tensor Logits) Run(Tensor sequence)
    {
        (Tensor output, Tensor logits, _) = RunWithStateTensors(sequence, initialStates: null);
        return (output, logits);
    }

    /// <summary>
    /// Runs one sequence <c>[1, steps, features]</c> from a given recurrent state, the way <c>Step</c> streams it: every
    /// recurrent layer yields its top layer's h at each step (what a streaming step passes on), Dense layers act per
    /// step. <paramref name="initialState"/> and the returned final state are laid out as <c>Network.GetState</c> lays
    /// them out: for each recurrent layer, h_n <c>[layers, hidden]</c>, then c_n for an LSTM. Unidirectional layers only.
    /// </summary>
    public (Tensor Outputs, double[] FinalState) RunFromState(Tensor sequence, double[] initialState) =>
        RunWithStates(sequence, initialState, everyStep: true);

    /// <summary>Floats of one sequence's recurrent state, laid out as <c>Network.StateSize</c> says.</summary>
    public int StateSize => _spec.Layers.OfType<RecurrentSpec>().Sum(r => StateRows(r) * r.Hidden * (r.Cell == CellKind.Lstm ? 2 : 1));

    private static int StateRows(RecurrentSpec r) => r.Layers * (r.Bidirectional ? 2 : 1);

    /// <summary>
    /// Runs sequences <c>[batch, steps, features]</c> (or tokens) as <c>Forward</c> does, every recurrent layer starting
    /// from <paramref name="initialStates"/> (<c>[batch, StateSize]</c>, laid out as <c>Network</c> lays them out, or null
    /// for zeros: PyTorch's <c>rnn(x, (h0, c0))</c> with <c>h0[:, b, :]</c> taken from sequence b's row). Returns the
    /// output and each layer's <c>(h_n, c_n)</c> in the same layout.
    /// </summary>
    /// <param name="everyStep">Many-to-one layers pass on every step's h too (what streaming steps see).</param>
    public (Tensor Output, double[] FinalStates) RunWithStates(Tensor sequence, double[]? initialStates, bool everyStep = false)
    {
        int batch = (int)sequence.shape[0], stateSize = StateSize, offset = 0;
        var initial = new List<Tensor>();
        foreach (RecurrentSpec r in _spec.Layers.OfType<RecurrentSpec>())
        {
            int rows = StateRows(r), count = rows * r.Hidden;
            for (int part = 0; part < (r.Cell == CellKind.Lstm ? 2 : 1); part++, offset += count)
            {
                var values = new double[rows * batch * r.Hidden];
                if (initialStates is not null)
                    for (int row = 0; row < rows; row++)
                        for (int b = 0; b < batch; b++)
                            Array.Copy(initialStates, b * stateSize + offset + row * r.Hidden, values, (row * batch + b) * r.Hidden, r.Hidden);
                initial.Add(tensor(values, new long[] { rows, batch, r.Hidden }, float64));
            }
        }
        (Tensor output, _, List<Tensor> finalTensors) = RunWithStateTensors(sequence, initial, everyStep);
        var finals = new double[batch * stateSize];
        offset = 0;
        foreach (Tensor state in finalTensors)
        {
            int rows = (int)state.shape[0], hidden = (int)state.shape[2];
            double[] values = state.contiguous().data<double>().ToArray();
            for (int row = 0; row < rows; row++)
                for (int b = 0; b < batch; b++)
                    Array.Copy(values, (row * batch + b) * hidden, finals, b * stateSize + offset + row * hidden, hidden);
            offset += rows * hidden;
        }
        return (output, finals);
    }

    /// <summary>
    /// <see cref="RunWithStates"/> on tensors, so gradients flow through the states: <paramref name="initialStates"/> and
    /// the returned final states are PyTorch's <c>h_0</c>/<c>h_n</c> (then <c>c_0</c>/<c>c_n</c> for an LSTM) of each
    /// recurrent layer in order, <c>[layers · directions, batch, hidden]</c>; null starts from zeros. Also returns the
    /// logits (the last Dense's pre-activation).
    /// </summary>
    public (Tensor Output, Tensor Logits, List<Tensor> FinalStates) RunWithStateTensors(Tensor sequence, IReadOnlyList<Tensor>? initialStates, bool everyStep = false)
    {
        var finals = new List<Tensor>();
        Tensor current = sequence, logits = sequence;
        int next = 0;
        foreach ((LayerSpec spec, nn.Module module) in _layers)
        {
            switch (spec, module)
            {
                case (EmbeddingSpec, Embedding embedding):
                    current = embedding.forward(current);
                    break;
                case (RecurrentSpec r, _):
                    Tensor? h0 = initialStates?[next++];
                    Tensor output, hn;
                    switch (module)
                    {
                        case LSTM lstm:
                            Tensor? c0 = initialStates?[next++];
                            Tensor cn;
                            (output, hn, cn) = lstm.forward(current, h0 is null ? null : (h0, c0!));
                            finals.Add(hn);
                            finals.Add(cn);
                            break;
                        case GRU gru:
                            (output, hn) = gru.forward(current, h0);
                            finals.Add(hn);
                            break;
                        default:
                            (output, hn) = ((RNN)module).forward(current, h0);
                            finals.Add(hn);
                            break;
                    }
                    int directions = r.Bidirectional ? 2 : 1;
                    Tensor top = hn.narrow(0, (r.Layers - 1) * directions, directions);
                    current = r.ReturnSequences || everyStep ? output : top.transpose(0, 1).reshape(hn.shape[1], directions * r.Hidden);
                    break;
                case (DenseSpec d, Linear linear):
                    logits = linear.forward(current);
                    current = Activate(d.Activation, logits);
                    break;
                default:
                    throw new NotSupportedException($"Unexpected module for {spec}.");
            }
            if (spec is not DenseSpec) logits = current;
        }
        return (current, logits, finals);
    }

    /// <summary>libtorch's strict <c>load_state_dict</c> on a module whose submodules carry the layer names.</summary>
    public void LoadStateDict(Dictionary<string, Tensor> stateDict)
    {
        // The container owns the layers once they are registered (disposing it disposes them), so it lives as long as this model.
        _container ??= new TorchStateDict(_layers.Select(layer => (layer.Spec.Name, layer.Module)));
        _container.load_state_dict(stateDict, strict: true);
    }

    /// <summary>The module's state dict as float32 tensors, PyTorch names.</summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach ((string name, Parameter p) in Parameters) result[name] = p.detach().to(float32);
        return result;
    }

    public void Dispose()
    {
        foreach (nn.Module module in _owned) module.Dispose();
        _container?.Dispose();
    }

    private void Load(IReadOnlyDictionary<string, float[]> source)
    {
        string[] missing = Parameters.Keys.Where(n => !source.ContainsKey(n)).ToArray();
        string[] unexpected = source.Keys.Where(n => !Parameters.ContainsKey(n)).ToArray();
        if (missing.Length > 0 || unexpected.Length > 0)
            throw new ArgumentException($"Parameters do not match the spec: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}].");
        using var _ = no_grad();
        foreach ((string name, Parameter p) in Parameters)
        {
            float[] values = source[name];
            if (values.Length != p.numel())
                throw new ArgumentException($"Parameter '{name}' has {values.Length} values, torch shape [{string.Join(", ", p.shape)}] needs {p.numel()}.");
            using Tensor data = tensor(values.Select(v => (double)v).ToArray(), p.shape, float64);
            p.copy_(data);
        }
    }

    private static nn.Module CreateRecurrent(RecurrentSpec r, int input) => r.Cell switch
    {
        CellKind.Lstm => nn.LSTM(input, r.Hidden, r.Layers, bias: true, batchFirst: true, bidirectional: r.Bidirectional),
        CellKind.Gru => nn.GRU(input, r.Hidden, r.Layers, bias: true, batchFirst: true, bidirectional: r.Bidirectional),
        CellKind.Rnn => nn.RNN(input, r.Hidden, r.Layers,
            r.Activation == Activation.Relu ? nn.NonLinearities.ReLU : nn.NonLinearities.Tanh,
            bias: true, batchFirst: true, bidirectional: r.Bidirectional),
        _ => throw new NotSupportedException($"Cell {r.Cell}."),
    };

    private static Tensor Activate(Activation activation, Tensor x) => activation switch
    {
        Activation.None => x,
        Activation.Relu => nn.functional.relu(x),
        Activation.Tanh => x.tanh(),
        Activation.Sigmoid => x.sigmoid(),
        Activation.Softmax => x.softmax(-1),
        _ => throw new NotSupportedException($"Activation {activation}."),
    };
}
