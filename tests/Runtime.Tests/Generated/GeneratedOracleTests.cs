using System.Collections.Generic;
using ModelCompiler.Runtime.Tests.Engine;
using ModelCompiler.Runtime.Tests.Oracle;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Generated;

/// <summary>
/// End to end: what the generator made of each declaration computes what the equivalent PyTorch module computes
/// on the same (the model's own, seeded) parameters.
/// </summary>
public sealed class GeneratedOracleTests
{
    [Fact]
    public void RowsClassifierOutputsAndGradientsMatchPyTorch()
    {
        Network network = new RowsClassifier().Network;
        var reference = new TorchReference(network.Spec, ParameterValues.Of(network.Parameters));
        float[] inputs = TestModels.Inputs(4 * RowsClassifier.Steps * RowsClassifier.InputSize, 1);
        int[] targets = TestModels.Classes(4, 3, 2);
        var batch = new OracleBatch(4, Features: inputs, ClassTargets: targets);

        var outputs = new float[4 * RowsClassifier.OutputSize];
        network.Forward(inputs, outputs);
        OracleAssert.Close("outputs", reference.Forward(batch), outputs, 1e-5, 1e-6);

        float loss = network.ComputeGradients(inputs, targets);
        OracleGradients expected = reference.Gradients(batch);
        OracleAssert.Close("loss", expected.Loss, loss, 1e-5, 1e-6);
        foreach (string name in network.Gradients.Names)
        {
            var actual = new float[network.Gradients.Length(name)];
            network.Gradients.CopyTo(name, actual);
            OracleAssert.Close(name, expected.Gradients[name], actual, 1e-4, 1e-5);
        }
    }

    [Fact]
    public void TokenTaggerAndVariableRegressorOutputsMatchPyTorch()
    {
        Network tagger = new TokenTagger().Network;
        int[] tokens = TestModels.Classes(3 * TokenTagger.Steps, 13, 3);
        var tags = new float[3 * TokenTagger.Steps * TokenTagger.OutputSize];
        tagger.Forward(tokens, tags);
        OracleAssert.Close("tags", new TorchReference(tagger.Spec, ParameterValues.Of(tagger.Parameters)).Forward(new OracleBatch(3, Tokens: tokens)), tags, 1e-5, 1e-6);

        Network regressor = new VariableRegressor().Network;
        float[] inputs = TestModels.Inputs(4 * VariableRegressor.MaxSteps * VariableRegressor.InputSize, 4);
        int[] lengths = [8, 2, 5, 1];
        var values = new float[4];
        regressor.Forward(inputs, values, lengths);
        OracleAssert.Close("values", new TorchReference(regressor.Spec, ParameterValues.Of(regressor.Parameters)).Forward(new OracleBatch(4, Features: inputs, Lengths: lengths)), values, 1e-5, 1e-6);
    }
}
