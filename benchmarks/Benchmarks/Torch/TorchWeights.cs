using TorchSharp;
using static TorchSharp.torch;

namespace ModelCompiler.Benchmarks.Torch;

/// <summary>Loads engine parameters into libtorch modules, so libtorch computes the same model as the engine.</summary>
public static class TorchWeights
{
    /// <summary>
    /// Copies every parameter of <paramref name="module"/> from the engine tensor <c>{prefix}.{name}</c>; cells
    /// (<c>LSTMCell</c>, <c>GRUCell</c>) name theirs without the <c>_l0</c> layer suffix that the engine uses.
    /// </summary>
    public static void CopyFrom(nn.Module module, ParameterSet parameters, string prefix, bool cell)
    {
        using var noGrad = no_grad();
        foreach ((string name, var parameter) in module.named_parameters())
        {
            string engineName = $"{prefix}.{name}{(cell ? "_l0" : "")}";
            float[] values = Reference.ReferenceWeights.Copy(parameters, engineName);
            using Tensor source = tensor(values, parameter.shape);
            parameter.copy_(source);
        }
    }
}
