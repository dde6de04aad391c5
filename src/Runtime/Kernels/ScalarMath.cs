using System.Runtime.Intrinsics;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Kernels;

/// <summary>
/// Scalar exp, tanh and sigmoid with exactly the bits of one lane of <see cref="VectorMath{TIsa, TVec}"/>, for
/// per-row code (softmax, losses) that must agree with the vector paths. It runs the portable vector code on a
/// broadcast value, so the two cannot drift apart.
/// </summary>
public static class ScalarMath
{
    public static float Exp(float x) => VectorMath<PortableIsa, Vector128<float>>.Exp(Vector128.Create(x)).ToScalar();

    public static float Tanh(float x) => VectorMath<PortableIsa, Vector128<float>>.Tanh(Vector128.Create(x)).ToScalar();

    public static float Sigmoid(float x) => VectorMath<PortableIsa, Vector128<float>>.Sigmoid(Vector128.Create(x)).ToScalar();
}
