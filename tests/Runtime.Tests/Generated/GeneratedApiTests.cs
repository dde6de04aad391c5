using System;
using ModelCompiler.Runtime.Tests.Engine;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Generated;

/// <summary>The generated classes of <c>DeclaredModels.cs</c>: constants, typed API, seeding and defaults.</summary>
public sealed class GeneratedApiTests
{
    [Fact]
    public void ConstantsDescribeTheDeclaration()
    {
        Assert.Equal(6, RowsClassifier.InputSize);
        Assert.Equal(3, RowsClassifier.OutputSize);
        Assert.Equal(7, RowsClassifier.Steps);
        Assert.Equal(5, RowsClassifier.BatchSize);
        // PyTorch: LSTM 4·20·(6 + 20) + 2·4·20 = 2,240; Linear 20·3 + 3 = 63.
        Assert.Equal(2303, RowsClassifier.ParameterCount);
        Assert.Equal(RowsClassifier.ParameterCount, new RowsClassifier().Network.ParameterCount);
        Assert.Equal(8, VariableRegressor.MaxSteps);
        Assert.Equal(1, TokenTagger.InputSize);
        Assert.Equal(TokenTagger.ParameterCount, new TokenTagger().Network.ParameterCount);
        Assert.Equal(VariableRegressor.ParameterCount, new VariableRegressor().Network.ParameterCount);
    }

    [Fact]
    public void SummaryNamesLayersAndTotals()
    {
        Assert.Contains("lstm", RowsClassifier.Summary);
        Assert.Contains("head", RowsClassifier.Summary);
        Assert.Contains("2,303", RowsClassifier.Summary);
        Assert.Contains("gru", TokenTagger.Summary);
        Assert.Contains("tags", TokenTagger.Summary);
    }

    [Fact]
    public void CoresAreSetOnTheModelAndChecked()
    {
        var model = new RowsClassifier();
        Assert.Equal(1, model.Cores);
        model.Cores = 2;
        Assert.Equal(2, model.Network.Cores);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Cores = 4);
        Assert.Equal(2, model.Cores);
    }

    [Fact]
    public void TheSameSeedGivesTheSameModel()
    {
        var first = new RowsClassifier();
        var second = new RowsClassifier();
        Assert.Equal(first.Parameters.AsSpan().ToArray(), second.Parameters.AsSpan().ToArray());
        Assert.Equal(first.Parameters.Names, new[] { "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0", "head.weight", "head.bias" });
        Assert.Equal(new[] { 80, 6 }, first.Parameters.Shape("lstm.weight_ih_l0"));
    }

    [Fact]
    public void TypedPredictEqualsSpanPredict()
    {
        var model = new RowsClassifier();
        float[] sequence = TestModels.Inputs(RowsClassifier.Steps * RowsClassifier.InputSize, 1);
        var input = new RowsClassifier.InputBuffer();
        sequence.CopyTo((Span<float>)input);
        model.Predict(in input, out RowsClassifier.OutputBuffer typed);
        var expected = new float[RowsClassifier.OutputSize];
        model.Predict(sequence, expected);
        Assert.Equal(expected, ((ReadOnlySpan<float>)typed).ToArray());
    }

    [Fact]
    public void OptimizerDefaultsComeFromTheAttributes()
    {
        Assert.Equal(1e-3f, new RowsClassifier().Optimizer.LearningRate);
        Assert.Equal(ClipKind.Norm, new RowsClassifier().Optimizer.Clip);
        Assert.Equal(5f, new RowsClassifier().Optimizer.ClipMax);
        OptimizerSettings adamW = new TokenTagger().Optimizer;
        Assert.Equal(OptimizerKind.AdamW, adamW.Kind);
        Assert.Equal(1e-2f, adamW.WeightDecay);
        Assert.Equal(1e-8f, adamW.Epsilon);
        OptimizerSettings sgd = new VariableRegressor().Optimizer;
        Assert.Equal(0.9f, sgd.Momentum);
        Assert.Equal(ClipKind.Value, sgd.Clip);
    }

    [Fact]
    public void TrainingReducesTheLossOfADeclaredModel()
    {
        var model = new RowsClassifier();
        model.Optimizer.LearningRate = 1e-2f;
        float[] inputs = TestModels.Inputs(RowsClassifier.BatchSize * RowsClassifier.Steps * RowsClassifier.InputSize, 2);
        int[] targets = TestModels.Classes(RowsClassifier.BatchSize, 3, 3);
        float first = model.TrainStep(inputs, targets);
        float last = first;
        for (int i = 0; i < 60; i++) last = model.TrainStep(inputs, targets);
        Assert.True(last < first * 0.2f, $"loss went from {first} to {last}");
    }
}
