using System;
using System.Runtime.InteropServices;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Layers;

/// <summary>dL/d(pre-activation) from dL/d(output) and the output, for the Dense activations.</summary>
internal static class ActivationDerivative
{
    public static void Apply<TIsa, TVec>(Activation activation, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, Span<float> dPre, int rows, int stride, int width)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        if (activation == Activation.Softmax)
        {
            Softmax.Backward(output, dOutput, dPre, rows, stride, width);
            return;
        }
        if (activation == Activation.None)
        {
            dOutput.CopyTo(dPre);
            return;
        }
        ref float y = ref MemoryMarshal.GetReference(output);
        ref float dy = ref MemoryMarshal.GetReference(dOutput);
        ref float dz = ref MemoryMarshal.GetReference(dPre);
        TVec one = TIsa.Broadcast(1f);
        for (nuint j = 0; j < (nuint)(rows * stride); j += (nuint)TIsa.Width)
        {
            TVec value = TIsa.Load(ref y, j);
            TVec gradient = TIsa.Load(ref dy, j);
            TVec result = activation switch
            {
                Activation.Relu => TIsa.SelectGreaterThan(value, TIsa.Zero, gradient, TIsa.Zero),
                Activation.Tanh => TIsa.Multiply(gradient, TIsa.Subtract(one, TIsa.Multiply(value, value))),
                _ => TIsa.Multiply(gradient, TIsa.Multiply(value, TIsa.Subtract(one, value))), // sigmoid
            };
            TIsa.Store(result, ref dz, j);
        }
    }
}
