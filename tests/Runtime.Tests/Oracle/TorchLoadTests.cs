using Xunit;
using static TorchSharp.torch;

namespace ModelCompiler.Runtime.Tests.Oracle;

/// <summary>libtorch loads on this machine (the build's GLIBCXX patch worked) and computes.</summary>
public sealed class TorchLoadTests
{
    [Fact]
    public void OnesSumIsTwo()
    {
        using Tensor sum = ones(2).sum();
        Assert.Equal(2f, sum.item<float>());
    }
}
