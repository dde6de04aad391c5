using System.Linq;
using System;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Engine;

/// <summary>SPEC §8: clear exceptions naming expected and actual values; parameters unchanged.</summary>
public sealed class BadInputTests
{
    private static float[] Snapshot(Network network) => network.Parameters.AsSpan().ToArray();

    [Fact]
    public void AnUndefinedEnumValueInTheSpecIsRejected()
    {
        NetworkSpec spec = TestModels.LstmClassifier();
        var loss = Assert.Throws<ArgumentException>(() => new Network(spec with { Loss = new LossSpec((LossKind)9) }));
        Assert.Contains("(LossKind)9", loss.Message);
        Assert.Contains("CrossEntropy, Mse, BinaryCrossEntropy, Mae", loss.Message);
        var activation = Assert.Throws<ArgumentException>(() => new Network(spec with { Layers = [spec.Layers[0], new DenseSpec("head", 3, (Activation)42)] }));
        Assert.Contains("'head' Activation is (Activation)42", activation.Message);
    }

    [Fact]
    public void ARecurrentLayerAfterTheLastStepIsRejectedWhenBuilt()
    {
        // What MC0006 reports at compile time, for a spec built by hand: refused at construction, not at the first Forward.
        var spec = new NetworkSpec(3, 4, false, 2, 1,
            [new RecurrentSpec("encoder", CellKind.Lstm, 6), new DropoutSpec("dropout", 0.1f), new RecurrentSpec("decoder", CellKind.Gru, 5), new DenseSpec("head", 2)]);
        var problem = Assert.Throws<ArgumentException>(() => new Network(spec));
        Assert.StartsWith("Gru 'decoder' needs a sequence, but 'encoder' returns only its last step: set ReturnSequences = true on 'encoder'.", problem.Message);
    }

    [Fact]
    public void WrongSpanLengthsNameBothSides()
    {
        var network = new Network(TestModels.LstmClassifier(steps: 6));
        var e1 = Assert.Throws<ArgumentException>(() => network.Predict(new float[29], new float[3]));
        Assert.Contains("30", e1.Message);
        Assert.Contains("29", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => network.Predict(new float[30], new float[4]));
        Assert.Contains("3", e2.Message);
        Assert.Contains("4", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => network.Step(new float[4], new float[3]));
        Assert.Contains("5", e3.Message);
    }

    [Fact]
    public void OutputMessagesOfAManyToOneModelNameOutputSizeNotSteps()
    {
        var network = new Network(TestModels.LstmClassifier(steps: 6));
        var predict = Assert.Throws<ArgumentException>(() => network.Predict(new float[30], new float[4]));
        Assert.Equal("output must hold OutputSize = 3 values, but it holds 4. (Parameter 'output')", predict.Message);
        var step = Assert.Throws<ArgumentException>(() => network.Step(new float[5], new float[2]));
        Assert.Equal("y must hold OutputSize = 3 values, but it holds 2. (Parameter 'y')", step.Message);
    }

    [Fact]
    public void MessagesAboutOneValuePerUnitDoNotMultiplyByOne()
    {
        var network = new Network(TestModels.LstmClassifier(steps: 6));
        var step = Assert.Throws<ArgumentException>(() => network.Step(new float[4], new float[3]));
        Assert.Equal("x must hold 1 step × 5 = 5 values, but it holds 4. (Parameter 'x')", step.Message);
        var targets = Assert.Throws<ArgumentException>(() => network.ComputeGradients(new float[2 * 30], new int[3]));
        Assert.Equal("targets must hold 2 values (one per sequence), but it holds 3. (Parameter 'targets')", targets.Message);

        var tokens = new Network(TestModels.TokenRnn(steps: 4) with { VariableLength = true });
        var predict = Assert.Throws<ArgumentException>(() => tokens.Predict(new int[5], new float[tokens.OutputSize]));
        Assert.Equal("tokens must hold 1 to 4 values (one per step), but it holds 5. (Parameter 'tokens')", predict.Message);
        var forward = Assert.Throws<ArgumentException>(() => tokens.Forward(new int[7], new float[2 * tokens.OutputSize]));
        Assert.Equal("tokens must hold batch × 4 tokens (one per step), but it holds 7. (Parameter 'tokens')", forward.Message);
    }

    [Fact]
    public void ABatchOverBatchSizeIsRejectedAndChangesNothing()
    {
        var network = new Network(TestModels.LstmClassifier(steps: 6, batch: 4));
        float[] before = Snapshot(network);
        var exception = Assert.Throws<ArgumentException>(() => network.TrainStep(new float[5 * 30], new int[5]));
        Assert.Contains("BatchSize = 4", exception.Message);
        Assert.Contains("5", exception.Message);
        Assert.Equal(before, Snapshot(network));
    }

    [Fact]
    public void ClassTargetsOutOfRangeAreRejectedAndChangeNothing()
    {
        var network = new Network(TestModels.LstmClassifier(steps: 6, batch: 4));
        float[] before = Snapshot(network);
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => network.TrainStep(new float[2 * 30], new[] { 0, 3 }));
        Assert.Contains("0..2", exception.Message);
        Assert.Equal(before, Snapshot(network));
    }

    [Fact]
    public void TokensOutsideTheVocabularyAreRejected()
    {
        var network = new Network(TestModels.TokenRnn());
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => network.Predict(new[] { 1, 2, 11, 0 }, new float[1]));
        Assert.Contains("0..10", exception.Message);
        Assert.Contains("11", exception.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => network.Step(-1, new float[1]));
    }

    [Fact]
    public void AStreamRejectsATokenOutsideTheVocabularyFromItsFirstStep()
    {
        var network = new Network(TestModels.TokenRnn());
        var tooLarge = Assert.Throws<ArgumentOutOfRangeException>(() => network.Step(11, new float[1]));
        Assert.Contains("0..10", tooLarge.Message);
        Assert.Contains("11", tooLarge.Message);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => network.Step(-1, new float[1]));
        Assert.Contains("0..10", negative.Message);
    }

    [Fact]
    public void NonFiniteInputsAreRejected()
    {
        var network = new Network(TestModels.LstmClassifier(steps: 6));
        var inputs = new float[30];
        inputs[17] = float.NaN;
        var exception = Assert.Throws<ArgumentException>(() => network.Predict(inputs, new float[3]));
        Assert.Contains("[17]", exception.Message);
    }

    [Theory]
    [InlineData(0, float.NaN)]
    [InlineData(6, float.PositiveInfinity)]
    [InlineData(29, float.NegativeInfinity)] // in the tail past the last group of four
    public void EveryNonFiniteInputIsFoundWhereverItIs(int index, float value)
    {
        var network = new Network(TestModels.LstmClassifier(steps: 6));
        var inputs = new float[30];
        inputs[index] = value;
        inputs[index == 0 ? 1 : 0] = float.MaxValue; // large but finite passes
        var exception = Assert.Throws<ArgumentException>(() => network.Predict(inputs, new float[3]));
        Assert.Contains($"[{index}]", exception.Message);
    }

    [Fact]
    public void ANonFiniteLossDoesNotUpdate()
    {
        var spec = new NetworkSpec(2, 3, false, 2, 1,
            [new RecurrentSpec("rnn", CellKind.Rnn, 4), new DenseSpec("dense", 1)],
            new LossSpec(LossKind.Mse), new OptimizerSpec(OptimizerKind.Sgd, 0.1f));
        var network = new Network(spec);
        float[] before = Snapshot(network);
        var exception = Assert.Throws<ArithmeticException>(() => network.TrainStep(new float[12], new[] { 3e38f, -3e38f }));
        Assert.Contains("unchanged", exception.Message);
        Assert.Equal(before, Snapshot(network));
    }

    /// <summary>
    /// A refused step (non-finite loss, or an update that would overflow) also takes back the dropout masks its forward
    /// pass drew: the next step draws what it would have drawn had the refused call never been made.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ARefusedStepLeavesTheDropoutGeneratorWhereItWas(bool refusedUpdate)
    {
        var spec = new NetworkSpec(3, 4, false, 4, 7,
            [new RecurrentSpec("rnn", CellKind.Lstm, 6, Layers: 2, Dropout: 0.5f), new DropoutSpec("drop", 0.3f), new DenseSpec("head", 2)],
            new LossSpec(LossKind.Mse), new OptimizerSpec(OptimizerKind.RmsProp, refusedUpdate ? 1e38f : 1e-3f));
        var refused = new Network(spec);
        var untouched = new Network(spec);
        float[] inputs = TestModels.Inputs(4 * 4 * 3, seed: 3), targets = TestModels.Inputs(4 * 2, seed: 4);
        float[] badTargets = refusedUpdate ? targets : Enumerable.Repeat(3e30f, 8).ToArray();
        var error = Assert.Throws<ArithmeticException>(() => refused.TrainStep(inputs, badTargets));
        Assert.Contains("dropout generator are unchanged", error.Message);
        float expected = untouched.ComputeGradients(inputs, targets), actual = refused.ComputeGradients(inputs, targets);
        Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(actual));
    }

    [Fact]
    public void ARefusedPairStepLeavesBothDropoutGeneratorsWhereTheyWere()
    {
        static EncoderDecoder Pair() => new(
            new Network(new NetworkSpec(3, 5, false, 4, 1, [new RecurrentSpec("encoder", CellKind.Lstm, 6, Layers: 2, Dropout: 0.5f)])),
            new Network(new NetworkSpec(2, 4, false, 4, 2, [new RecurrentSpec("decoder", CellKind.Lstm, 6, Layers: 2, Dropout: 0.5f), new DenseSpec("head", 1)],
                new LossSpec(LossKind.Mse), new OptimizerSpec(OptimizerKind.Sgd, 0.1f))));
        EncoderDecoder refused = Pair(), untouched = Pair();
        float[] source = TestModels.Inputs(4 * 5 * 3, seed: 5), decoderInputs = TestModels.Inputs(4 * 4 * 2, seed: 6), targets = TestModels.Inputs(4, seed: 7);
        Assert.Throws<ArithmeticException>(() => refused.TrainStep(source, decoderInputs, Enumerable.Repeat(3e30f, 4).ToArray()));
        float expected = untouched.ComputeGradients(source, decoderInputs, targets), actual = refused.ComputeGradients(source, decoderInputs, targets);
        Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(actual));
    }

    [Fact]
    public void InferenceOnlyModelsRefuseToTrain()
    {
        var network = new Network(new NetworkSpec(1, 2, false, 1, 1, [new RecurrentSpec("gru", CellKind.Gru, 3)]));
        Assert.Throws<InvalidOperationException>(() => network.ComputeGradients(new float[2], new float[3]));
    }

    [Fact]
    public void AFixedLengthModelTakesNoLengths()
    {
        // Only a MaxSteps model (and its PyTorch module) takes lengths; a Steps model would run cut sequences.
        var network = new Network(TestModels.LstmClassifier(steps: 6));
        float[] inputs = new float[2 * 6 * 5];
        float[] before = network.Parameters.AsSpan().ToArray();
        var forward = Assert.Throws<ArgumentException>(() => network.Forward(inputs, new float[6], new[] { 3, 6 }));
        Assert.Contains("declared with Steps = 6", forward.Message);
        Assert.Throws<ArgumentException>(() => network.TrainStep(inputs, new[] { 0, 1 }, new[] { 3, 6 }));
        Assert.Equal(before, network.Parameters.AsSpan().ToArray());
    }
}
