using Microsoft.ML.OnnxRuntime;

namespace ModelCompiler.Benchmarks.Onnx;

/// <summary>ONNX Runtime sessions as a latency-minded C++ user sets them up: one intra-op thread (or two), every graph optimization, sequential.</summary>
public static class OnnxSessions
{
    public static InferenceSession Create(byte[] model, int threads = 1)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return new InferenceSession(model, options);
    }
}
