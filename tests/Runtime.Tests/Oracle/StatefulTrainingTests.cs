using System;
using System.Collections.Generic;
using System.Linq;
using ModelCompiler.Runtime.Simd;
using ModelCompiler.Runtime.Tests.Engine;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace ModelCompiler.Runtime.Tests.Oracle;

/// <summary>
/// Training from and to recurrent states (truncated backpropagation through time) against libtorch (float64):
/// <c>ComputeGradients(inputs, targets, initialStates, finalStates)</c> is PyTorch's loss of <c>rnn(x, h0)</c> with
/// <c>h0</c> a constant (detached), its gradients, and the final states <c>(h_n, c_n)</c>; a run of <c>TrainStep</c>s that
/// hands each chunk's final states to the next is PyTorch's <c>out, h = model(x, h.detach())</c> loop.
/// </summary>
public class StatefulTrainingTests
{
    public static IEnumerable<object[]> Cases()
    {
        foreach (Isa isa in new[] { Isa.Avx512, Isa.Avx2, Isa.Portable })
        {
            foreach (string model in new[] { "stacked-lstm-mse", "gru-tokens-cross-entropy", "bidirectional-rnn-lengths" })
                yield return new object[] { model, isa };
        }
    }

    private static NetworkSpec Spec(string name) => name switch
    {
        "stacked-lstm-mse" => new NetworkSpec(2, 5, false, 6, 41,
            [new RecurrentSpec("lstm", CellKind.Lstm, 6, Layers: 2, ReturnSequences: true), new DenseSpec("head", 2)],
            new LossSpec(LossKind.Mse), new OptimizerSpec(OptimizerKind.Adam, 0.01f), new ClipSpec(ClipKind.Norm, 0.5f)),
        "gru-tokens-cross-entropy" => new NetworkSpec(1, 4, false, 6, 42,
            [new EmbeddingSpec("embedding", 7, 3), new RecurrentSpec("gru", CellKind.Gru, 5, ReturnSequences: true), new DenseSpec("head", 7)],
            new LossSpec(LossKind.CrossEntropy), new OptimizerSpec(OptimizerKind.Sgd, 0.1f, Momentum: 0.9f)),
        _ => new NetworkSpec(3, 5, true, 6, 43,
            [new RecurrentSpec("rnn", CellKind.Rnn, 4, Bidirectional: true), new DenseSpec("head", 2, Activation.Tanh)],
            new LossSpec(LossKind.Mse), new OptimizerSpec(OptimizerKind.Adam, 0.02f)),
    };

    private static readonly int[] s_lengths = [5, 2, 4, 1, 3, 5];

    private sealed record Chunk(float[] Features, int[] Tokens, int[] Lengths, int[] Classes, float[] Values);

    /// <summary>A chunk of <paramref name="batch"/> sequences with targets of the model's output shape.</summary>
    private static Chunk Data(Network network, int batch, int seed)
    {
        NetworkSpec spec = network.Spec;
        int positions = batch * (network.SequenceOutput ? spec.Steps : 1);
        return new Chunk(
            TestModels.Inputs(batch * spec.Steps * spec.InputSize, seed),
            Enumerable.Range(0, batch * spec.Steps).Select(i => (i * 5 + seed) % 7).ToArray(),
            spec.VariableLength ? s_lengths[..batch] : Enumerable.Repeat(spec.Steps, batch).ToArray(),
            TestModels.Classes(positions, network.OutputSize, seed + 1),
            TestModels.Inputs(positions * network.OutputSize, seed + 2));
    }

    private static float Run(Network network, Chunk data, ReadOnlySpan<float> initial, Span<float> final, bool update)
    {
        ReadOnlySpan<int> lengths = network.Spec.VariableLength ? data.Lengths : default;
        bool classes = network.Spec.Loss!.Kind == LossKind.CrossEntropy;
        return (network.TokenInput, classes, update) switch
        {
            (true, true, false) => network.ComputeGradients(data.Tokens, data.Classes, initial, final, lengths),
            (true, true, true) => network.TrainStep(data.Tokens, data.Classes, initial, final, lengths),
            (true, false, false) => network.ComputeGradients(data.Tokens, data.Values, initial, final, lengths),
            (true, false, true) => network.TrainStep(data.Tokens, data.Values, initial, final, lengths),
            (false, true, false) => network.ComputeGradients(data.Features, data.Classes, initial, final, lengths),
            (false, true, true) => network.TrainStep(data.Features, data.Classes, initial, final, lengths),
            (false, false, false) => network.ComputeGradients(data.Features, data.Values, initial, final, lengths),
            (false, false, true) => network.TrainStep(data.Features, data.Values, initial, final, lengths),
        };
    }

    /// <summary>
    /// PyTorch's loss on the chunk, each sequence over its real steps from its row of <paramref name="initial"/> (a
    /// constant); also each sequence's final states, laid out as the model writes them.
    /// </summary>
    private static (Tensor Loss, double[] Final) TorchLoss(TorchModel model, Network network, Chunk data, double[] initial, int batch)
    {
        NetworkSpec spec = network.Spec;
        int stateSize = network.StateSize, units = network.OutputSize;
        var predictions = new List<Tensor>();
        var classTargets = new List<long>();
        var valueTargets = new List<double>();
        var final = new double[batch * stateSize];
        for (int b = 0; b < batch; b++)
        {
            int length = data.Lengths[b];
            Tensor sequence = network.TokenInput
                ? tensor(data.Tokens.Skip(b * spec.Steps).Take(length).Select(t => (long)t).ToArray(), new long[] { 1, length })
                : tensor(data.Features.Skip(b * spec.Steps * spec.InputSize).Take(length * spec.InputSize).Select(v => (double)v).ToArray(), new long[] { 1, length, spec.InputSize }, float64);
            (Tensor output, double[] state) = model.RunWithStates(sequence, initial[(b * stateSize)..((b + 1) * stateSize)]);
            Array.Copy(state, 0, final, b * stateSize, stateSize);
            predictions.Add(output.reshape(-1, units)); // the heads here have no activation with CrossEntropy: output = logits
            int perSequence = network.SequenceOutput ? spec.Steps : 1, real = network.SequenceOutput ? length : 1;
            for (int t = 0; t < real; t++)
            {
                classTargets.Add(data.Classes[b * perSequence + t]);
                for (int u = 0; u < units; u++) valueTargets.Add(data.Values[(b * perSequence + t) * units + u]);
            }
        }
        Tensor predicted = cat(predictions, 0);
        Tensor loss = spec.Loss!.Kind == LossKind.CrossEntropy
            ? nn.functional.cross_entropy(predicted, tensor(classTargets.ToArray(), int64))
            : nn.functional.mse_loss(predicted, tensor(valueTargets.ToArray(), float64).reshape(-1, units));
        return (loss, final);
    }

    private static double[] Values(Tensor t) => t.detach().contiguous().data<double>().ToArray();

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientsFromGivenStatesArePyTorchsWithTheStatesDetached(string model, Isa isa)
    {
        if (!IsaSelector.IsSupported(isa)) return; // this process cannot run that path (CI forces each in turn)
        var network = new Network(Spec(model)) { Isa = isa };
        const int batch = 6;
        Chunk data = Data(network, batch, model.Length);
        var random = new Random(model.Length);
        double[] initial = Enumerable.Range(0, batch * network.StateSize).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var final = new float[initial.Length];
        float loss = Run(network, data, initial.Select(v => (float)v).ToArray(), final, update: false);

        using var scope = NewDisposeScope();
        using var torchModel = new TorchModel(network.Spec, ParameterValues.Of(network.Parameters));
        (Tensor expected, double[] expectedFinal) = TorchLoss(torchModel, network, data, initial, batch);
        expected.backward();
        OracleAssert.Close($"{model} loss", expected.item<double>(), loss, 1e-5, 1e-6);
        OracleAssert.Close($"{model} final states", expectedFinal, final, 1e-5, 1e-6);
        Dictionary<string, float[]> gradients = ParameterValues.Of(network.Gradients);
        foreach ((string name, Parameter p) in torchModel.Parameters)
            OracleAssert.Close($"{model} gradient {name}", Values(p.grad!), gradients[name], 1e-4, 1e-6);

        // The states matter: from zeros the loss is another one.
        Assert.NotEqual(loss, Run(network, data, default, default, update: false));
    }

    [Theory]
    [InlineData("stacked-lstm-mse")]
    [InlineData("gru-tokens-cross-entropy")]
    [InlineData("bidirectional-rnn-lengths")]
    public void TrainStepsThatHandTheirStatesOnArePyTorchsTruncatedBackpropagationThroughTime(string model)
    {
        var network = new Network(Spec(model));
        const int batch = 4, chunks = 3;
        // One buffer for both: each chunk starts where the last one ended (the final states are written after the update).
        var states = new float[batch * network.StateSize];

        using var scope = NewDisposeScope();
        using var torchModel = new TorchModel(network.Spec, ParameterValues.Of(network.Parameters));
        Parameter[] parameters = torchModel.Parameters.Values.ToArray();
        using optim.Optimizer optimizer = TorchReference.CreateOptimizer(network.Spec.Optimizer!, parameters);
        var torchStates = new double[states.Length];
        for (int chunk = 0; chunk < chunks; chunk++)
        {
            Chunk data = Data(network, batch, 10 * chunk + model.Length);
            float loss = Run(network, data, states, states, update: true);

            using var chunkScope = NewDisposeScope();
            optimizer.zero_grad();
            (Tensor expected, double[] final) = TorchLoss(torchModel, network, data, torchStates, batch);
            expected.backward();
            TorchReference.Clip(network.Spec.Clip, parameters);
            optimizer.step();
            torchStates = final; // h.detach(): the values go on, the graph does not
            OracleAssert.Close($"{model} loss of chunk {chunk}", expected.item<double>(), loss, 1e-5, 1e-6);
            OracleAssert.Close($"{model} states after chunk {chunk}", torchStates, states, 1e-4, 1e-5);
        }
        Dictionary<string, float[]> values = ParameterValues.Of(network.Parameters);
        foreach ((string name, Parameter p) in torchModel.Parameters)
            OracleAssert.Close($"{model} {name} after {chunks} chunks", Values(p), values[name], 1e-4, 1e-5);
    }

    [Fact]
    public void SeparateAndSharedStateBuffersGiveTheSameBitsAndTwoCoresThoseOfOne()
    {
        NetworkSpec spec = Spec("stacked-lstm-mse");
        var separate = new Network(spec);
        var shared = new Network(spec);
        var twoCores = new Network(spec) { Cores = 2 };
        Chunk data = Data(separate, 6, 5);
        float[] initial = TestModels.Inputs(6 * separate.StateSize, 6);
        float[] final = new float[initial.Length], sharedStates = (float[])initial.Clone(), twoCoreFinal = new float[initial.Length];
        float loss = Run(separate, data, initial, final, update: true);
        Assert.Equal(loss, Run(shared, data, sharedStates, sharedStates, update: true));
        Assert.Equal(loss, Run(twoCores, data, initial, twoCoreFinal, update: true));
        Assert.Equal(final, sharedStates);
        Assert.Equal(final, twoCoreFinal);
        Assert.Equal(separate.Parameters.AsSpan().ToArray(), shared.Parameters.AsSpan().ToArray());
        Assert.Equal(separate.Parameters.AsSpan().ToArray(), twoCores.Parameters.AsSpan().ToArray());
    }

    [Fact]
    public void NoStatesGiveTheBitsOfThePlainTrainStep()
    {
        NetworkSpec spec = Spec("gru-tokens-cross-entropy");
        var plain = new Network(spec);
        var stateful = new Network(spec);
        Chunk data = Data(plain, 6, 7);
        float loss = plain.TrainStep(data.Tokens, data.Classes);
        Assert.Equal(loss, Run(stateful, data, default, default, update: true));
        Assert.Equal(loss, Run(new Network(spec), data, new float[6 * plain.StateSize], default, update: true));
        Assert.Equal(plain.Parameters.AsSpan().ToArray(), stateful.Parameters.AsSpan().ToArray());
    }

    [Fact]
    public void AFailedStepLeavesTheStatesAndParametersAsTheyWere()
    {
        NetworkSpec spec = Spec("stacked-lstm-mse");
        var network = new Network(spec);
        Chunk data = Data(network, 4, 9);
        float[] states = TestModels.Inputs(4 * network.StateSize, 10), before = (float[])states.Clone();
        float[] parameters = network.Parameters.AsSpan().ToArray();
        data.Values[3] = 3e38f; // a finite target whose squared error overflows the loss
        Assert.Throws<ArithmeticException>(() => Run(network, data, states, states, update: true));
        Assert.Equal(before, states);
        data = Data(network, 4, 9);
        network.Optimizer!.LearningRate = 3e38f; // a finite loss, but an update that would overflow the parameters
        Assert.Throws<ArithmeticException>(() => Run(network, data, states, states, update: true));
        Assert.Equal(before, states);
        Assert.Equal(parameters, network.Parameters.AsSpan().ToArray());
        network.Optimizer.LearningRate = 0.01f;

        var wrong = Assert.Throws<ArgumentException>(() => Run(network, Data(network, 4, 9), states.AsSpan(1).ToArray(), states, update: true));
        Assert.Contains($"{4 * network.StateSize}", wrong.Message);
        Assert.Equal(before, states);
    }

    [Fact]
    public void StatefulTrainingAllocatesNothing()
    {
        NetworkSpec spec = Spec("bidirectional-rnn-lengths");
        var network = new Network(spec);
        Chunk data = Data(network, 6, 11);
        var states = new float[6 * network.StateSize];
        Assert.Equal(0, AllocationProbe.BytesPerCall(() => Run(network, data, states, states, update: true)));
        Assert.Equal(0, AllocationProbe.BytesPerCall(() => Run(network, data, states, states, update: false)));
    }
}
