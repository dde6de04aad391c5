using System;
using System.Collections.Generic;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Oracle;

/// <summary>
/// The engine against PyTorch (float64) on the same initial parameters: outputs, loss, every gradient, and the
/// parameters after three <c>TrainStep</c> calls on one batch (SPEC §4 tolerances).
/// </summary>
public sealed class NetworkOracleTests
{
    private const double OutputRtol = 1e-5, OutputAtol = 1e-6;
    private const double GradientRtol = 1e-4, GradientAtol = 1e-5;
    private const double ParameterRtol = 1e-4, ParameterAtol = 1e-5;
    private const int TrainSteps = 3;

    [Theory]
    [MemberData(nameof(OracleCases.Names), MemberType = typeof(OracleCases))]
    public void MatchesPyTorch(string caseName)
    {
        OracleCase scenario = OracleCases.Get(caseName);
        var network = new Network(scenario.Spec) { Cores = scenario.Cores };
        var reference = new TorchReference(scenario.Spec, ParameterValues.Of(network.Parameters));
        Assert.Equal(reference.SequenceOutput, network.SequenceOutput);
        OracleBatch batch = scenario.RandomBatch(network.OutputSize, reference.SequenceOutput);

        var outputs = new float[batch.Batch * (reference.SequenceOutput ? scenario.Spec.Steps : 1) * network.OutputSize];
        Forward(network, batch, outputs);
        OracleAssert.Close("output", reference.Forward(batch), outputs, OutputRtol, OutputAtol);

        float loss = ComputeGradients(network, batch);
        OracleGradients expected = reference.Gradients(batch);
        OracleAssert.Close("loss", expected.Loss, loss, OutputRtol, OutputAtol);
        foreach ((string name, float[] gradient) in ParameterValues.Of(network.Gradients))
            OracleAssert.Close($"gradient {name}", expected.Gradients[name], gradient, GradientRtol, GradientAtol);

        var losses = new float[TrainSteps];
        for (int step = 0; step < TrainSteps; step++) losses[step] = TrainStep(network, batch);
        OracleTraining trained = reference.Train(batch, TrainSteps);
        OracleAssert.Close("TrainStep losses", trained.Losses, losses, GradientRtol, GradientAtol);
        foreach ((string name, float[] value) in ParameterValues.Of(network.Parameters))
            OracleAssert.Close($"trained {name}", trained.Parameters[name], value, ParameterRtol, ParameterAtol);
    }

    private static void Forward(Network network, OracleBatch batch, Span<float> outputs)
    {
        if (batch.Tokens is { } tokens) network.Forward(tokens, outputs, batch.Lengths);
        else network.Forward(batch.Features, outputs, batch.Lengths);
    }

    private static float ComputeGradients(Network network, OracleBatch batch) => (batch.Tokens, batch.ClassTargets) switch
    {
        ({ } tokens, { } classes) => network.ComputeGradients(tokens, classes, batch.Lengths),
        ({ } tokens, null) => network.ComputeGradients(tokens, batch.FloatTargets, batch.Lengths),
        (null, { } classes) => network.ComputeGradients(batch.Features, classes, batch.Lengths),
        (null, null) => network.ComputeGradients(batch.Features, batch.FloatTargets, batch.Lengths),
    };

    private static float TrainStep(Network network, OracleBatch batch) => (batch.Tokens, batch.ClassTargets) switch
    {
        ({ } tokens, { } classes) => network.TrainStep(tokens, classes, batch.Lengths),
        ({ } tokens, null) => network.TrainStep(tokens, batch.FloatTargets, batch.Lengths),
        (null, { } classes) => network.TrainStep(batch.Features, classes, batch.Lengths),
        (null, null) => network.TrainStep(batch.Features, batch.FloatTargets, batch.Lengths),
    };
}
