using System;
using System.Linq;
using ModelCompiler.Runtime.Simd;
using ModelCompiler.Runtime.Tests.Engine;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Generated;

/// <summary>
/// The generated <c>StateSize</c>, <c>GetState</c> and <c>SetState</c>: the constant is the runtime's, and the compiled
/// <c>Step</c> kernels continue from a set state exactly as the engine's step does (the state itself is checked against
/// libtorch in <c>StreamingStateTests</c>).
/// </summary>
public class GeneratedStateTests
{
    [Fact]
    public void StateSizeIsTheRuntimes()
    {
        Assert.Equal(2 * 20 * 2, CompiledStackedLstm.StateSize);         // Lstm(20, Layers = 2): h_n and c_n
        Assert.Equal(CompiledStackedLstm.StateSize, new CompiledStackedLstm().Network.StateSize);
        Assert.Equal(40, CompiledTiledGru.StateSize);                     // Gru(40)
        Assert.Equal(CompiledTiledGru.StateSize, new CompiledTiledGru().Network.StateSize);
        Assert.Equal(CompiledTokenGenerator.StateSize, new CompiledTokenGenerator().Network.StateSize);
    }

    [Fact]
    public void BidirectionalAndVariableLengthModelsHaveBatchStates()
    {
        Assert.Equal(2 * 2 * 9, TokenTagger.StateSize); // Gru(9, Layers = 2, Bidirectional = true): h_n [4, 9]
        Assert.Equal(TokenTagger.StateSize, new TokenTagger().Network.StateSize);

        var tagger = new TokenTagger();
        int[] tokens = Enumerable.Range(0, 2 * TokenTagger.Steps).Select(i => (i * 7 + 3) % 13).ToArray();
        float[] initial = TestModels.Inputs(2 * TokenTagger.StateSize, 8);
        float[] outputs = new float[2 * TokenTagger.Steps * TokenTagger.OutputSize], expected = new float[outputs.Length];
        float[] final = new float[2 * TokenTagger.StateSize], expectedFinal = new float[final.Length];
        tagger.Forward(tokens, outputs, initial, final);
        tagger.Network.Forward(tokens, expected, initial, expectedFinal);
        Assert.Equal(expected, outputs);
        Assert.Equal(expectedFinal, final);
        Assert.Contains(final, v => v != 0f);

        var regression = new VariableRegressor();
        float[] x = TestModels.Inputs(3 * VariableRegressor.MaxSteps * VariableRegressor.InputSize, 9);
        int[] lengths = [8, 3, 5];
        float[] y = new float[3 * VariableRegressor.OutputSize], yExpected = new float[y.Length];
        float[] states = new float[3 * VariableRegressor.StateSize], statesExpected = new float[states.Length];
        regression.Forward(x, y, TestModels.Inputs(states.Length, 10), states, lengths);
        regression.Network.Forward(x, yExpected, TestModels.Inputs(states.Length, 10), statesExpected, lengths);
        Assert.Equal(yExpected, y);
        Assert.Equal(statesExpected, states);
    }

    [Fact]
    public void CompiledStepContinuesFromASetStateLikeTheEngine()
    {
        foreach (Isa isa in TestModels.SupportedIsas())
        {
            var compiled = new CompiledStackedLstm { Isa = isa };
            var engine = new CompiledStackedLstm { Isa = isa };
            var random = new Random(3);
            float[] state = Enumerable.Range(0, CompiledStackedLstm.StateSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            compiled.SetState(state);
            engine.Network.SetState(state);
            float[] x = TestModels.Inputs(CompiledStackedLstm.Steps * CompiledStackedLstm.InputSize, 17);
            var a = new float[CompiledStackedLstm.OutputSize];
            var b = new float[CompiledStackedLstm.OutputSize];
            for (int t = 0; t < CompiledStackedLstm.Steps; t++)
            {
                ReadOnlySpan<float> step = x.AsSpan(t * CompiledStackedLstm.InputSize, CompiledStackedLstm.InputSize);
                compiled.Step(step, a);
                engine.Network.Step(step, b);
                Assert.Equal(b, a);
            }
            var stateA = new float[CompiledStackedLstm.StateSize];
            var stateB = new float[CompiledStackedLstm.StateSize];
            compiled.GetState(stateA);
            engine.GetState(stateB);
            Assert.Equal(stateB, stateA);
        }
    }

    [Fact]
    public void GeneratedModelsTrainFromAndToStates()
    {
        // Truncated backpropagation through time through the generated overloads: the same bits as the runtime's
        // (checked against libtorch in StatefulTrainingTests), lengths included.
        var model = new VariableRegressor();
        var reference = new Network(model.Network.Spec);
        float[] inputs = TestModels.Inputs(3 * VariableRegressor.MaxSteps * VariableRegressor.InputSize, 4);
        float[] targets = TestModels.Inputs(3 * VariableRegressor.OutputSize, 5);
        int[] lengths = [8, 3, 5];
        float[] states = TestModels.Inputs(3 * VariableRegressor.StateSize, 6), expectedStates = (float[])states.Clone();
        for (int chunk = 0; chunk < 2; chunk++)
        {
            float loss = model.TrainStep(inputs, targets, states, states, lengths);
            Assert.Equal(reference.TrainStep(inputs, targets, expectedStates, expectedStates, lengths), loss);
            Assert.Equal(expectedStates, states);
        }
        float gradientsLoss = model.ComputeGradients(inputs, targets, states, default, lengths);
        Assert.Equal(reference.ComputeGradients(inputs, targets, expectedStates, default, lengths), gradientsLoss);
        Assert.Equal(reference.Gradients.AsSpan().ToArray(), model.Gradients.AsSpan().ToArray());

        var classifier = new RowsClassifier();
        float[] rows = TestModels.Inputs(2 * RowsClassifier.Steps * RowsClassifier.InputSize, 7);
        var final = new float[2 * RowsClassifier.StateSize];
        Assert.Equal(classifier.Network.ComputeGradients(rows, new[] { 0, 2 }), classifier.TrainStep(rows, new[] { 0, 2 }, default, final));
        Assert.Contains(final, value => value != 0f);
    }
}
