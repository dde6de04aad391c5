namespace ModelCompiler.Runtime.Tests.Oracle;

/// <summary>
/// One minibatch as the engine sees it, padded to the spec's <c>Steps</c>: float features
/// <c>[Batch, Steps, InputSize]</c> or tokens <c>[Batch, Steps]</c>, optional per-sequence real lengths, and the
/// targets (class indices <c>[Batch]</c> / <c>[Batch, Steps]</c>, or floats of the output's shape).
/// </summary>
public sealed record OracleBatch(
    int Batch,
    float[]? Features = null,
    int[]? Tokens = null,
    int[]? Lengths = null,
    int[]? ClassTargets = null,
    float[]? FloatTargets = null);
