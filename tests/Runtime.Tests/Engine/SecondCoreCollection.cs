using Xunit;

namespace ModelCompiler.Runtime.Tests.Engine;

/// <summary>
/// Tests that assert a product or a recurrence really ran on the second core. The process has one second core and a
/// product that finds it busy runs alone (<c>SecondCore.TryAcquire</c>), so these must not overlap any other test that
/// trains on two cores: xunit runs this collection by itself.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SecondCoreCollection
{
    public const string Name = "second core";
}
