using System;
using ModelCompiler.Runtime.Tests.PyTorch;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Generated;

/// <summary>The initializers declared on attributes reach the runtime: generator → spec → parameters.</summary>
public class GeneratedInitializationTests
{
    [Fact]
    public void DeclaredInitializersShapeTheParameters()
    {
        var model = new InitializedLstm();
        ParameterSet parameters = model.Parameters;
        float[] hh = new float[parameters.Length("lstm.weight_hh_l1_reverse")];
        parameters.CopyTo("lstm.weight_hh_l1_reverse", hh);
        for (int a = 0; a < 8; a++)
        {
            double dot = 0;
            for (int i = 0; i < 32; i++) dot += hh[i * 8 + a] * (double)hh[i * 8];
            Assert.True(Math.Abs(dot - (a == 0 ? 1 : 0)) < 1e-5, $"columns 0·{a} of weight_hh = {dot}");
        }
        float[] bias = new float[32];
        parameters.CopyTo("lstm.bias_ih_l0", bias);
        Assert.Equal(new float[] { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1 }, bias[..16]);
        parameters.CopyTo("dense.bias", bias.AsSpan(0, 2));
        Assert.Equal(new float[] { 0, 0 }, bias[..2]);

        float[] ih = new float[parameters.Length("lstm.weight_ih_l0")];
        parameters.CopyTo("lstm.weight_ih_l0", ih);
        Assert.All(ih, v => Assert.InRange(Math.Abs(v), 0, Math.Sqrt(6.0 / (3 + 32))));
    }
}
