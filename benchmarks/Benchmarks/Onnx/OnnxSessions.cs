using Microsoft.ML.OnnxRuntime;

namespace ModelCompiler.Benchmarks.Onnx;

/// <summary>ONNX Runtime sessions as a latency-minded C++ user sets them up: one thread, every graph optimization, sequential.</summary>
public static class OnnxSessions
{
    public static InferenceSession Create(byte[] model)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return new InferenceSession(model, options);
    }
}
