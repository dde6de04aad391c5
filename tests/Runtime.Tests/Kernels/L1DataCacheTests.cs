using ModelCompiler.Runtime.Kernels;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Kernels;

/// <summary>The level-1 data cache size as sysfs writes it, and the assumption for anything else.</summary>
public sealed class L1DataCacheTests
{
    [Theory]
    [InlineData("48K\n", 48 * 1024)]
    [InlineData("32K", 32 * 1024)]
    [InlineData("1M", 1024 * 1024)]
    [InlineData("65536", 65536)]
    [InlineData("", L1DataCache.DefaultBytes)]
    [InlineData("48 K", L1DataCache.DefaultBytes)]
    [InlineData("-48K", L1DataCache.DefaultBytes)]
    [InlineData("0K", L1DataCache.DefaultBytes)]
    [InlineData("99999999999K", L1DataCache.DefaultBytes)]
    public void Sysfs_sizes_are_read_and_anything_else_is_the_assumption(string text, int bytes) =>
        Assert.Equal(bytes, L1DataCache.Parse(text));

    [Fact]
    public void The_size_read_here_is_plausible() =>
        Assert.InRange(L1DataCache.Bytes, 16 * 1024, 4 * 1024 * 1024);
}
