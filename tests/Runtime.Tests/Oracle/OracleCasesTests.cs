using System;
using System.Linq;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Oracle;

/// <summary>
/// Every engine scenario runs through the oracle alone (PyTorch-initialized weights), so when the engine suite is
/// enabled a failure points at the engine, not at a scenario the oracle cannot express.
/// </summary>
public sealed class OracleCasesTests
{
    [Theory]
    [MemberData(nameof(OracleCases.Names), MemberType = typeof(OracleCases))]
    public void ReferenceHandlesCase(string caseName)
    {
        OracleCase scenario = OracleCases.Get(caseName);
        NetworkSpec spec = scenario.Spec;
        var parameters = TorchReference.DefaultParameters(spec, seed: scenario.DataSeed);
        var reference = new TorchReference(spec, parameters);
        int units = ((DenseSpec)spec.Layers[^1]).Units;
        OracleBatch batch = scenario.RandomBatch(units, reference.SequenceOutput);

        double[] outputs = reference.Forward(batch);
        int steps = reference.SequenceOutput ? spec.Steps : 1;
        Assert.Equal(batch.Batch * steps * units, outputs.Length);
        Assert.All(outputs, v => Assert.True(double.IsFinite(v)));
        if (reference.SequenceOutput && scenario.Lengths is { } lengths)
            for (int b = 0; b < batch.Batch; b++)
                Assert.All(outputs[((b * steps + lengths[b]) * units)..((b + 1) * steps * units)], v => Assert.Equal(0.0, v));

        OracleGradients gradients = reference.Gradients(batch);
        Assert.Equal(parameters.Keys.OrderBy(k => k, StringComparer.Ordinal), gradients.Gradients.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.True(double.IsFinite(gradients.Loss));

        OracleTraining trained = reference.Train(batch, 3);
        Assert.Equal(gradients.Loss, trained.Losses[0], 1e-12);
        Assert.All(trained.Parameters, p => Assert.Equal(parameters[p.Key].Length, p.Value.Length));
    }
}
