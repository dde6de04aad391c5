using System;
using ModelCompiler.Runtime.Tests.Engine;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Generated;

/// <summary>SPEC §6, through the generated API: one test per public call, 0 bytes allocated after warm-up.</summary>
public sealed class GeneratedAllocationTests
{
    private static void AssertAllocatesNothing(Action call) => Assert.Equal(0, AllocationProbe.BytesPerCall(call));

    private static readonly float[] Sequence = TestModels.Inputs(RowsClassifier.Steps * RowsClassifier.InputSize, 1);
    private static readonly float[] Batch = TestModels.Inputs(RowsClassifier.BatchSize * RowsClassifier.Steps * RowsClassifier.InputSize, 2);
    private static readonly int[] Classes = TestModels.Classes(RowsClassifier.BatchSize, RowsClassifier.OutputSize, 3);

    [Fact]
    public void Predict()
    {
        var model = new RowsClassifier();
        var output = new float[RowsClassifier.OutputSize];
        AssertAllocatesNothing(() => model.Predict(Sequence, output));
    }

    [Fact]
    public void TypedPredict()
    {
        var model = new RowsClassifier();
        var input = new RowsClassifier.InputBuffer();
        AssertAllocatesNothing(() => model.Predict(in input, out RowsClassifier.OutputBuffer _));
    }

    [Fact]
    public void StepAndResetState()
    {
        var model = new StreamingLstm();
        var x = new float[1] { 0.5f };
        var y = new float[1];
        AssertAllocatesNothing(() => model.Step(x, y));
        AssertAllocatesNothing(model.ResetState);
    }

    [Fact]
    public void CompiledTokenStepAndSoftmax()
    {
        var generator = new CompiledTokenGenerator();
        var logits = new float[CompiledTokenGenerator.OutputSize];
        AssertAllocatesNothing(() => generator.Step(3, logits));
        var softmax = new CompiledTokenSoftmax();
        var probabilities = new float[CompiledTokenSoftmax.OutputSize];
        AssertAllocatesNothing(() => softmax.Step(2, probabilities));
    }

    [Fact]
    public void CompiledStepInTilesAndWithAWideHead()
    {
        var model = new CompiledTiledGru();
        var x = new float[CompiledTiledGru.InputSize];
        var y = new float[CompiledTiledGru.OutputSize];
        AssertAllocatesNothing(() => model.Step(x, y));
    }

    [Fact]
    public void Forward()
    {
        var model = new RowsClassifier();
        var outputs = new float[RowsClassifier.BatchSize * RowsClassifier.OutputSize];
        AssertAllocatesNothing(() => model.Forward(Batch, outputs));
    }

    [Fact]
    public void ComputeGradients()
    {
        var model = new RowsClassifier();
        AssertAllocatesNothing(() => model.ComputeGradients(Batch, Classes));
    }

    [Fact]
    public void TrainStep()
    {
        var model = new RowsClassifier();
        AssertAllocatesNothing(() => model.TrainStep(Batch, Classes));
    }

    [Fact]
    public void VariableLengthCalls()
    {
        var model = new VariableRegressor();
        float[] inputs = TestModels.Inputs(VariableRegressor.BatchSize * VariableRegressor.MaxSteps * VariableRegressor.InputSize, 4);
        float[] targets = TestModels.Inputs(VariableRegressor.BatchSize, 5);
        int[] lengths = [8, 3, 1, 5];
        var outputs = new float[VariableRegressor.BatchSize];
        AssertAllocatesNothing(() => model.Forward(inputs, outputs, lengths));
        AssertAllocatesNothing(() => model.ComputeGradients(inputs, targets, lengths));
        AssertAllocatesNothing(() => model.TrainStep(inputs, targets, lengths));
        AssertAllocatesNothing(() => model.Predict(inputs.AsSpan(0, 3 * VariableRegressor.InputSize), outputs.AsSpan(0, 1)));
    }

    [Fact]
    public void TokenCalls()
    {
        var model = new TokenTagger();
        int[] tokens = TestModels.Classes(TokenTagger.BatchSize * TokenTagger.Steps, 13, 6);
        int[] tags = TestModels.Classes(TokenTagger.BatchSize * TokenTagger.Steps, 4, 7);
        var output = new float[TokenTagger.Steps * TokenTagger.OutputSize];
        AssertAllocatesNothing(() => model.Predict(tokens.AsSpan(0, TokenTagger.Steps), output));
        AssertAllocatesNothing(() => model.TrainStep(tokens, tags));
    }
}
