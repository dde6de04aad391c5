using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelCompiler.Runtime.Tests.Oracle;

/// <summary>
/// The equivalent PyTorch module's state dict: the layer modules registered under their layer names, so
/// <c>load_state_dict</c> sees <c>{name}.weight_ih_l0</c> … exactly as a user's <c>nn.Module</c> with those
/// submodule names would.
/// </summary>
internal sealed class TorchStateDict : nn.Module
{
    public TorchStateDict(IEnumerable<(string Name, nn.Module Module)> layers) : base("model")
    {
        foreach ((string name, nn.Module module) in layers) register_module(name, module);
    }
}
