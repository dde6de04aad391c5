namespace ModelCompiler.Runtime;

/// <summary>Anything that runs on a <see cref="Network"/>, such as a generated model class, so it can be trained directly.</summary>
public interface INetworkModel
{
    /// <summary>The engine the model wraps.</summary>
    Network Network { get; }
}
