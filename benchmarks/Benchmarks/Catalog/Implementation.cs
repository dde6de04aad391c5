using System.Collections.Generic;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Benchmarks.Catalog;

/// <summary>What runs a shape: our engine on one ISA path, libtorch through TorchSharp, ONNX Runtime, or the plain C# loops.</summary>
public enum Implementation
{
    /// <summary>Our engine forced onto its AVX-512 path (for the peak benchmark: 512-bit FMA chains).</summary>
    Avx512,
    /// <summary>Our engine forced onto its AVX2+FMA path (for the peak benchmark: 256-bit FMA chains).</summary>
    Avx2,
    /// <summary>Our engine forced onto its portable Vector128 path.</summary>
    Portable,
    /// <summary>TorchSharp-cpu (libtorch), one thread.</summary>
    TorchSharp,
    /// <summary>Straightforward nested loops over float[] (inference shapes only).</summary>
    ScalarLoop,
    /// <summary>Our engine on its fastest path with <c>Network.Cores = 2</c> (training shapes; the same bits as one core).</summary>
    TwoCores,
    /// <summary>TorchSharp-cpu with two intra-op threads: the peer of <see cref="TwoCores"/>.</summary>
    TorchSharpTwoThreads,
    /// <summary>ONNX Runtime (C++, its MLAS kernels), one thread: the C++ inference engine peer (inference shapes only).</summary>
    OnnxRuntime,
    /// <summary>ONNX Runtime with two intra-op threads: the peer of <see cref="TwoCores"/> on a sequence.</summary>
    OnnxRuntimeTwoThreads,
}

/// <summary>The implementations each kind of benchmark runs on this machine.</summary>
public static class Implementations
{
    /// <summary>Every engine path this processor supports, fastest first.</summary>
    public static IEnumerable<Implementation> EnginePaths()
    {
        if (IsaSelector.IsSupported(Isa.Avx512)) yield return Implementation.Avx512;
        if (IsaSelector.IsSupported(Isa.Avx2)) yield return Implementation.Avx2;
        yield return Implementation.Portable;
    }

    /// <summary>Engine paths, TorchSharp, ONNX Runtime and the scalar loops.</summary>
    public static IEnumerable<Implementation> Inference()
    {
        foreach (Implementation path in EnginePaths()) yield return path;
        yield return Implementation.TorchSharp;
        yield return Implementation.OnnxRuntime;
        yield return Implementation.ScalarLoop;
    }

    /// <summary>
    /// <see cref="Inference"/> plus, where the machine has two cores, the engine on two cores (a single sequence's
    /// large products split their columns) and both peers on two threads.
    /// </summary>
    public static IEnumerable<Implementation> SequenceInference()
    {
        foreach (Implementation implementation in Inference()) yield return implementation;
        if (System.Environment.ProcessorCount < 2) yield break;
        yield return Implementation.TwoCores;
        yield return Implementation.TorchSharpTwoThreads;
        yield return Implementation.OnnxRuntimeTwoThreads;
    }

    /// <summary>Engine paths, the engine on two cores (where the machine has them) and TorchSharp.</summary>
    public static IEnumerable<Implementation> Training()
    {
        foreach (Implementation path in EnginePaths()) yield return path;
        if (System.Environment.ProcessorCount >= 2) yield return Implementation.TwoCores;
        yield return Implementation.TorchSharp;
        if (System.Environment.ProcessorCount >= 2) yield return Implementation.TorchSharpTwoThreads;
    }

    /// <summary>Whether an implementation is our engine (not a peer).</summary>
    public static bool IsEngine(this Implementation implementation) =>
        implementation is not (Implementation.TorchSharp or Implementation.TorchSharpTwoThreads or Implementation.OnnxRuntime
            or Implementation.OnnxRuntimeTwoThreads or Implementation.ScalarLoop);

    /// <summary>Whether an implementation is ONNX Runtime (one thread or two).</summary>
    public static bool IsOnnxRuntime(this Implementation implementation) =>
        implementation is Implementation.OnnxRuntime or Implementation.OnnxRuntimeTwoThreads;

    /// <summary>Whether an implementation is libtorch (one thread or two).</summary>
    public static bool IsTorch(this Implementation implementation) =>
        implementation is Implementation.TorchSharp or Implementation.TorchSharpTwoThreads;

    /// <summary>The intra-op threads of a peer (TorchSharp or ONNX Runtime).</summary>
    public static int PeerThreadCount(this Implementation implementation) =>
        implementation is Implementation.TorchSharpTwoThreads or Implementation.OnnxRuntimeTwoThreads ? 2 : 1;

    /// <summary>The <c>Network.Cores</c> an implementation runs with.</summary>
    public static int Cores(this Implementation implementation) => implementation == Implementation.TwoCores ? 2 : 1;

    /// <summary>The engine path an implementation names.</summary>
    public static Isa ToIsa(this Implementation implementation) => implementation switch
    {
        Implementation.Avx512 => Isa.Avx512,
        Implementation.Avx2 => Isa.Avx2,
        Implementation.Portable => Isa.Portable,
        _ => IsaSelector.Best,
    };
}
