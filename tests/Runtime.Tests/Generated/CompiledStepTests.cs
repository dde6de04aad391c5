using System;
using ModelCompiler.Runtime.Simd;
using ModelCompiler.Runtime.Tests.Engine;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Generated;

/// <summary>
/// The compiled Step of <c>CompiledStepModels.cs</c> against the runtime engine: on every instruction-set path,
/// each step equals the engine's step on an identical model and Predict on the whole sequence, bit for bit.
/// </summary>
public sealed class CompiledStepTests
{
    public static TheoryData<string> Models => new()
    {
        nameof(CompiledStackedLstm), nameof(CompiledTiledGru), nameof(CompiledDenseFirstRnn),
        nameof(CompiledHeadlessLstm), nameof(CompiledTanhRnn), nameof(CompiledLargeGru), nameof(StreamingLstm),
        nameof(CompiledSoftmaxRnn), nameof(CompiledRunLaneGruHead), nameof(CompiledRunLaneLstmHead), nameof(CompiledStridedLstm),
    };

    public static TheoryData<string> TokenModels => new() { nameof(CompiledTokenGenerator), nameof(CompiledTokenSoftmax) };

    /// <summary>A fresh model and its compiled Step.</summary>
    private static (INetworkModel Model, StepFunction Step) Create(string name)
    {
        switch (name)
        {
            case nameof(CompiledStackedLstm): { var m = new CompiledStackedLstm(); return (m, m.Step); }
            case nameof(CompiledTiledGru): { var m = new CompiledTiledGru(); return (m, m.Step); }
            case nameof(CompiledDenseFirstRnn): { var m = new CompiledDenseFirstRnn(); return (m, m.Step); }
            case nameof(CompiledHeadlessLstm): { var m = new CompiledHeadlessLstm(); return (m, m.Step); }
            case nameof(CompiledTanhRnn): { var m = new CompiledTanhRnn(); return (m, m.Step); }
            case nameof(CompiledLargeGru): { var m = new CompiledLargeGru(); return (m, m.Step); }
            case nameof(CompiledSoftmaxRnn): { var m = new CompiledSoftmaxRnn(); return (m, m.Step); }
            case nameof(CompiledRunLaneGruHead): { var m = new CompiledRunLaneGruHead(); return (m, m.Step); }
            case nameof(CompiledRunLaneLstmHead): { var m = new CompiledRunLaneLstmHead(); return (m, m.Step); }
            case nameof(CompiledStridedLstm): { var m = new CompiledStridedLstm(); return (m, m.Step); }
            default: { var m = new StreamingLstm(); return (m, m.Step); }
        }
    }

    private delegate void StepFunction(ReadOnlySpan<float> x, Span<float> y);

    private static (INetworkModel Model, Action<int, float[]> Step) CreateTokenModel(string name)
    {
        if (name == nameof(CompiledTokenGenerator)) { var m = new CompiledTokenGenerator(); return (m, (token, y) => m.Step(token, y)); }
        var s = new CompiledTokenSoftmax();
        return (s, (token, y) => s.Step(token, y));
    }

    [Theory]
    [MemberData(nameof(TokenModels))]
    public void CompiledTokenStepEqualsTheEngineAndPredictOnEveryPath(string name)
    {
        foreach (Isa isa in TestModels.SupportedIsas())
        {
            (INetworkModel compiled, Action<int, float[]> step) = CreateTokenModel(name);
            (INetworkModel engine, _) = CreateTokenModel(name);
            compiled.Network.Isa = isa;
            engine.Network.Isa = isa;
            Network network = compiled.Network;
            int steps = network.Spec.Steps, outputs = network.OutputSize;
            int vocabulary = ((EmbeddingSpec)network.Spec.Layers[0]).Vocab;
            int[] tokens = TestModels.Classes(steps, vocabulary, 44);
            var predicted = new float[network.SequenceOutput ? steps * outputs : outputs];
            network.Predict(tokens, predicted);
            var fromCompiled = new float[outputs];
            var fromEngine = new float[outputs];
            for (int t = 0; t < steps; t++)
            {
                step(tokens[t], fromCompiled);
                engine.Network.Step(tokens[t], fromEngine);
                Assert.True(fromCompiled.AsSpan().SequenceEqual(fromEngine), $"{name} {isa} step {t}: compiled and engine differ.");
                if (network.SequenceOutput) Assert.Equal(predicted.AsSpan(t * outputs, outputs).ToArray(), fromCompiled);
            }
            if (!network.SequenceOutput) Assert.Equal(predicted, fromCompiled);
        }
    }

    [Fact]
    public void CompiledTokenStepRejectsTokensOutsideTheVocabulary()
    {
        var model = new CompiledTokenGenerator();
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => model.Step(12, new float[12]));
        Assert.Contains("0..11", exception.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Step(-1, new float[12]));
        Assert.Throws<ArgumentException>(() => model.Step(3, new float[11]));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void CompiledStepEqualsTheEngineAndPredictOnEveryPath(string name)
    {
        foreach (Isa isa in TestModels.SupportedIsas())
        {
            (INetworkModel compiled, StepFunction step) = Create(name);
            (INetworkModel engine, _) = Create(name);
            compiled.Network.Isa = isa;
            engine.Network.Isa = isa;
            Network network = compiled.Network;
            int steps = network.Spec.Steps, size = network.InputSize, outputs = network.OutputSize;
            float[] sequence = TestModels.Inputs(steps * size, 41);
            var predicted = new float[network.SequenceOutput ? steps * outputs : outputs];
            network.Predict(sequence, predicted);

            var fromCompiled = new float[outputs];
            var fromEngine = new float[outputs];
            for (int t = 0; t < steps; t++)
            {
                ReadOnlySpan<float> x = sequence.AsSpan(t * size, size);
                step(x, fromCompiled);
                engine.Network.Step(x, fromEngine);
                Assert.True(fromCompiled.AsSpan().SequenceEqual(fromEngine), $"{name} {isa} step {t}: compiled [{string.Join(", ", fromCompiled)}], engine [{string.Join(", ", fromEngine)}].");
                if (network.SequenceOutput) Assert.Equal(predicted.AsSpan(t * outputs, outputs).ToArray(), fromCompiled);
            }
            if (!network.SequenceOutput) Assert.Equal(predicted, fromCompiled);
        }
    }

    [Fact]
    public void ResetStateRestartsTheCompiledStream()
    {
        var model = new CompiledStackedLstm();
        float[] sequence = TestModels.Inputs(CompiledStackedLstm.Steps * CompiledStackedLstm.InputSize, 42);
        var first = new float[CompiledStackedLstm.OutputSize];
        var second = new float[CompiledStackedLstm.OutputSize];
        for (int t = 0; t < 3; t++) model.Step(sequence.AsSpan(t * 3, 3), first);
        model.ResetState();
        for (int t = 0; t < 3; t++) model.Step(sequence.AsSpan(t * 3, 3), second);
        Assert.Equal(first, second);
    }

    [Fact]
    public void CompiledStepFollowsParameterChanges()
    {
        var model = new StreamingLstm();
        var engine = new StreamingLstm();
        foreach (string parameter in model.Parameters.Names)
        {
            float[] values = TestModels.Inputs(model.Parameters.Length(parameter), 43);
            model.Parameters.CopyFrom(parameter, values);
            engine.Parameters.CopyFrom(parameter, values);
        }
        var a = new float[1];
        var b = new float[1];
        model.Step([0.5f], a);
        engine.Network.Step([0.5f], b);
        Assert.Equal(b, a);
    }

    [Fact]
    public void CompiledStepChecksItsArgumentsLikeTheEngine()
    {
        var model = new CompiledTiledGru();
        var wrongLength = Assert.Throws<ArgumentException>(() => model.Step(new float[3], new float[7]));
        Assert.Contains("2", wrongLength.Message);
        Assert.Contains("3", wrongLength.Message);
        Assert.Throws<ArgumentException>(() => model.Step(new float[2], new float[6]));
        var nan = Assert.Throws<ArgumentException>(() => model.Step([0f, float.NaN], new float[7]));
        Assert.Contains("finite", nan.Message);
        Assert.Contains("x[1]", nan.Message);
        var infinite = Assert.Throws<ArgumentException>(() => model.Step([float.NegativeInfinity, 0f], new float[7]));
        Assert.Contains("x[0]", infinite.Message);
    }
}
