using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Kernels;

/// <summary>
/// The second core's share of two products run together (<see cref="MatMul{TIsa, TVec}.MultiplyTransposedAPair"/>):
/// all of the first and the first rows of the second, one after the other.
/// </summary>
internal sealed class ProductPair<TIsa, TVec> : CoreWork
    where TIsa : struct, ISimd<TVec>
    where TVec : struct
{
    /// <summary>The one instance per instruction set: only the holder of <see cref="SecondCore"/> uses it.</summary>
    public static readonly ProductPair<TIsa, TVec> Shared = new();

    public ProductHalf<TIsa, TVec> First { get; } = new();

    public ProductHalf<TIsa, TVec> Second { get; } = new();

    public override void Run()
    {
        First.Run();
        Second.Run();
    }
}
