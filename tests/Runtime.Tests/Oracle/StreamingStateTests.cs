using System;
using System.Collections.Generic;
using System.Linq;
using ModelCompiler.Runtime.Simd;
using ModelCompiler.Runtime.Tests.Engine;
using Xunit;
using static TorchSharp.torch;

namespace ModelCompiler.Runtime.Tests.Oracle;

/// <summary>
/// <c>GetState</c>/<c>SetState</c> against libtorch (float64): stepping from a set state gives what PyTorch's
/// <c>rnn(x, (h0, c0))</c> gives, and the state after the steps is its (h_n, c_n), in that layout. This is how an
/// encoder's final state starts a decoder, or a stream is snapshot and resumed.
/// </summary>
public class StreamingStateTests
{
    public static IEnumerable<object[]> Cases()
    {
        foreach (Isa isa in new[] { Isa.Avx512, Isa.Avx2, Isa.Portable })
        {
            yield return new object[] { "stacked-lstm", isa };
            yield return new object[] { "gru-then-lstm", isa };
            yield return new object[] { "relu-rnn-tokens", isa };
        }
    }

    private static NetworkSpec Spec(string name) => name switch
    {
        "stacked-lstm" => new NetworkSpec(3, 6, false, 2, 21,
            [new RecurrentSpec("lstm", CellKind.Lstm, 5, Layers: 2), new DenseSpec("head", 2, Activation.Tanh)]),
        "gru-then-lstm" => new NetworkSpec(2, 5, false, 1, 22,
            [new RecurrentSpec("gru", CellKind.Gru, 20, ReturnSequences: true), new RecurrentSpec("lstm", CellKind.Lstm, 7), new DenseSpec("head", 3)]),
        _ => new NetworkSpec(1, 4, false, 1, 23,
            [new EmbeddingSpec("embedding", 9, 4), new RecurrentSpec("rnn", CellKind.Rnn, 6, Layers: 3, Activation: Activation.Relu, ReturnSequences: true), new DenseSpec("head", 2)]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SteppingFromASetStateIsPyTorchsRnnFromH0(string model, Isa isa)
    {
        if (!IsaSelector.IsSupported(isa)) return; // this process cannot run that path (CI forces each in turn)
        NetworkSpec spec = Spec(model);
        var network = new Network(spec) { Isa = isa };
        int steps = spec.Steps;
        var random = new Random(model.Length);
        double[] state = Enumerable.Range(0, network.StateSize).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        float[] features = TestModels.Inputs(steps * spec.InputSize, 31);
        int[] tokens = Enumerable.Range(0, steps).Select(t => (t * 5 + 2) % 9).ToArray();

        network.SetState(state.Select(v => (float)v).ToArray());
        var outputs = new float[steps * network.OutputSize];
        for (int t = 0; t < steps; t++)
        {
            Span<float> y = outputs.AsSpan(t * network.OutputSize, network.OutputSize);
            if (network.TokenInput) network.Step(tokens[t], y);
            else network.Step(features.AsSpan(t * spec.InputSize, spec.InputSize), y);
        }
        var finalState = new float[network.StateSize];
        network.GetState(finalState);

        using var scope = NewDisposeScope();
        using var torchModel = new TorchModel(spec, ParameterValues.Of(network.Parameters));
        using var _ = no_grad();
        Tensor sequence = network.TokenInput
            ? tensor(tokens.Select(t => (long)t).ToArray(), new long[] { 1, steps })
            : tensor(features.Select(v => (double)v).ToArray(), new long[] { 1, steps, spec.InputSize }, float64);
        (Tensor expected, double[] expectedState) = torchModel.RunFromState(sequence, state);
        double[] expectedOutputs = expected.contiguous().data<double>().ToArray();

        OracleAssert.Close($"{model} outputs stepping from a set state", expectedOutputs, outputs, 1e-5, 1e-6);
        OracleAssert.Close($"{model} state after {steps} steps (h_n, c_n)", expectedState, finalState, 1e-5, 1e-6);
    }

    [Fact]
    public void AStateTakenAndSetAgainResumesTheStreamExactly()
    {
        var network = new Network(Spec("gru-then-lstm"));
        float[] x = TestModels.Inputs(2 * 8, 5);
        var y = new float[3];
        for (int t = 0; t < 3; t++) network.Step(x.AsSpan(2 * t, 2), y);
        var snapshot = new float[network.StateSize];
        network.GetState(snapshot);
        var continued = new float[3 * 5];
        for (int t = 3; t < 8; t++) network.Step(x.AsSpan(2 * t, 2), continued.AsSpan(3 * (t - 3), 3));

        network.ResetState();
        var zeros = new float[network.StateSize];
        network.GetState(zeros);
        Assert.All(zeros, v => Assert.Equal(0f, v));
        network.SetState(snapshot);
        var resumed = new float[3 * 5];
        for (int t = 3; t < 8; t++) network.Step(x.AsSpan(2 * t, 2), resumed.AsSpan(3 * (t - 3), 3));
        Assert.Equal(continued, resumed);
    }

    [Fact]
    public void BadStatesAreRejectedAndChangeNothing()
    {
        var network = new Network(Spec("stacked-lstm"));
        Assert.Equal(2 * 2 * 5, network.StateSize);
        network.Step(new float[] { 0.1f, 0.2f, 0.3f }, new float[2]);
        var before = new float[network.StateSize];
        network.GetState(before);

        var wrongLength = Assert.Throws<ArgumentException>(() => network.SetState(new float[19]));
        Assert.Contains("20", wrongLength.Message);
        Assert.Contains("19", wrongLength.Message);
        float[] notFinite = before.ToArray();
        notFinite[7] = float.NaN;
        var nan = Assert.Throws<ArgumentException>(() => network.SetState(notFinite));
        Assert.Contains("state[7]", nan.Message);
        Assert.Throws<ArgumentException>(() => network.GetState(new float[21]));

        var after = new float[network.StateSize];
        network.GetState(after);
        Assert.Equal(before, after);

        var bidirectional = new Network(new NetworkSpec(2, 3, false, 1, 1, [new RecurrentSpec("gru", CellKind.Gru, 4, Bidirectional: true)]));
        Assert.Throws<InvalidOperationException>(() => bidirectional.GetState(new float[bidirectional.StateSize]));
    }

    [Fact]
    public void GettingAndSettingTheStateAllocateNothing()
    {
        var network = new Network(Spec("gru-then-lstm"));
        var state = new float[network.StateSize];
        Assert.Equal(0, AllocationProbe.BytesPerCall(() => network.GetState(state)));
        Assert.Equal(0, AllocationProbe.BytesPerCall(() => network.SetState(state)));
    }
}
