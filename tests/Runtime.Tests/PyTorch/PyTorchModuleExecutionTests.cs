using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace ModelCompiler.Runtime.Tests.PyTorch;

/// <summary>
/// Runs each generated <c>PyTorchModule</c> in PyTorch itself (float64) on the model's saved parameters: forward must
/// give the model's <c>Forward</c> outputs (SPEC §4: 1e-5 relative), also from given initial states with the final
/// states returned (<c>Forward(inputs, outputs, initialStates, finalStates)</c>), autograd the gradients of its
/// <c>ComputeGradients</c> (1e-4), and one step of its <c>loss_function</c>,
/// <c>optimizer</c> and <c>clip_gradients</c> the parameters of the model's <c>TrainStep</c> (1e-4), for models
/// without dropout (whose masks differ); the optimizer's class and hyperparameters and the clipping call must be the
/// model's own (a first step alone hardly shows Adam's epsilon). Needs a Python with <c>torch</c> (<c>apt-get install python3-torch</c> on
/// Debian, or <c>MODELCOMPILER_PYTHON</c>); without one the cases are reported skipped, and the declarations are still
/// checked against libtorch by <see cref="PyTorchModuleDeclarationTests"/>.
/// </summary>
public class PyTorchModuleExecutionTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [MemberData(nameof(PyTorchModuleCases.Names), MemberType = typeof(PyTorchModuleCases))]
    public void ForwardAndOneTrainingStepAgreeWithPyTorch(string model)
    {
        string? python = PythonTorch.Interpreter;
        Skip.If(python is null, "No Python with torch on this machine (apt-get install python3-torch).");
        (string module, Func<INetworkModel> create) = PyTorchModuleCases.All[model];
        using var directory = new TemporaryDirectory();
        WriteCase(directory.Path, module, create().Network, seed: model.Length);
        string script = Path.Combine(directory.Path, "check.py");
        File.WriteAllText(script, PyTorchModuleCheck.Script);

        (int exitCode, string printed) = PythonTorch.Run(python!, script, directory.Path);
        output.WriteLine(printed);
        Assert.True(exitCode == 0, $"{model}: PyTorch disagrees (exit code {exitCode}):\n{printed}\n{module}");
    }

    /// <summary>The module, parameters, a random batch and the model's outputs (and one TrainStep's result) as files.</summary>
    private static void WriteCase(string directory, string module, Network network, int seed)
    {
        NetworkSpec spec = network.Spec;
        var random = new Random(seed);
        int batch = Math.Min(3, spec.BatchSize), steps = spec.Steps;
        int? vocab = spec.Layers[0] is EmbeddingSpec embedding ? embedding.Vocab : null;
        int[]? lengths = spec.VariableLength ? Enumerable.Range(0, batch).Select(i => i == 0 ? steps : 1 + random.Next(steps)).ToArray() : null;
        float[] features = Enumerable.Range(0, batch * steps * spec.InputSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        int[] tokens = Enumerable.Range(0, batch * steps).Select(_ => random.Next(vocab ?? 1)).ToArray();
        int positions = batch * (network.SequenceOutput ? steps : 1);
        float[] outputs = new float[positions * network.OutputSize];
        if (vocab is null) network.Forward(features, outputs, lengths);
        else network.Forward(tokens, outputs, lengths);

        File.WriteAllText(Path.Combine(directory, "module.py"), module);
        network.SaveSafetensors(Path.Combine(directory, "before.safetensors"));
        File.WriteAllBytes(Path.Combine(directory, "x.bin"), vocab is null ? Bytes<float>(features) : Bytes<int>(tokens));
        File.WriteAllBytes(Path.Combine(directory, "y.bin"), Bytes<float>(outputs));

        // The same batch from random initial states: forward(x, states=…, return_states=True) must give these outputs and final states.
        var stateLayers = spec.Layers.OfType<RecurrentSpec>()
            .Select(r => new { rows = r.Layers * (r.Bidirectional ? 2 : 1), hidden = r.Hidden, lstm = r.Cell == CellKind.Lstm }).ToArray();
        if (network.StateSize > 0)
        {
            float[] initial = Enumerable.Range(0, batch * network.StateSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            float[] fromStates = new float[outputs.Length], final = new float[initial.Length];
            if (vocab is null) network.Forward(features, fromStates, initial, final, lengths);
            else network.Forward(tokens, fromStates, initial, final, lengths);
            File.WriteAllBytes(Path.Combine(directory, "states.bin"), Bytes<float>(initial));
            File.WriteAllBytes(Path.Combine(directory, "y_states.bin"), Bytes<float>(fromStates));
            File.WriteAllBytes(Path.Combine(directory, "final_states.bin"), Bytes<float>(final));
        }

        bool dropout = spec.Layers.Any(layer => layer is DropoutSpec || layer is RecurrentSpec { Layers: > 1, Dropout: > 0 });
        bool train = spec.Loss is not null && !dropout;
        float loss = float.NaN;
        if (train)
        {
            bool classes = spec.Loss!.Kind == LossKind.CrossEntropy;
            int[] classTargets = Enumerable.Range(0, positions).Select(_ => random.Next(network.OutputSize)).ToArray();
            float[] targets = Enumerable.Range(0, positions * network.OutputSize).Select(_ => (float)random.NextDouble()).ToArray();
            float gradientLoss = (classes, vocab is null) switch
            {
                (true, true) => network.ComputeGradients(features, classTargets, lengths),
                (true, false) => network.ComputeGradients(tokens, classTargets, lengths),
                (false, true) => network.ComputeGradients(features, targets, lengths),
                (false, false) => network.ComputeGradients(tokens, targets, lengths),
            };
            network.Gradients.SaveSafetensors(Path.Combine(directory, "gradients.safetensors"));
            loss = (classes, vocab is null) switch
            {
                (true, true) => network.TrainStep(features, classTargets, lengths),
                (true, false) => network.TrainStep(tokens, classTargets, lengths),
                (false, true) => network.TrainStep(features, targets, lengths),
                (false, false) => network.TrainStep(tokens, targets, lengths),
            };
            Assert.Equal(gradientLoss, loss);
            network.SaveSafetensors(Path.Combine(directory, "after.safetensors"));
            File.WriteAllBytes(Path.Combine(directory, "targets.bin"), classes ? Bytes<int>(classTargets) : Bytes<float>(targets));
        }
        OptimizerSettings? o = network.Optimizer;
        var meta = new
        {
            batch, steps, features = spec.InputSize, tokens = vocab is not null, lengths, train, state_layers = stateLayers,
            loss = train ? loss.ToString("R", CultureInfo.InvariantCulture) : null,
            optimizer = o is null ? null : new
            {
                kind = o.Kind.ToString(), lr = o.LearningRate, beta1 = o.Beta1, beta2 = o.Beta2, eps = o.Epsilon,
                weight_decay = o.WeightDecay, momentum = o.Momentum, alpha = o.Alpha, nesterov = o.Nesterov,
                clip = o.Clip.ToString(), clip_max = o.ClipMax,
            },
        };
        File.WriteAllText(Path.Combine(directory, "case.json"), JsonSerializer.Serialize(meta));
    }

    private static byte[] Bytes<T>(T[] values) where T : struct => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}
