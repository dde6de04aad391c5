namespace ModelCompiler.Runtime.Fitting;

/// <summary>What happened in one epoch.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's sequences (each batch's loss weighted by its size).</param>
/// <param name="ValidationLoss">Loss on the validation data after the epoch; null without validation data.</param>
/// <param name="ValidationMetric">The metric on the validation data; null without validation data.</param>
/// <param name="LearningRate">The learning rate used during the epoch.</param>
/// <param name="GradientNorm">Mean over the epoch's batches of the global L2 norm of the applied gradients.</param>
/// <param name="Seconds">Wall time of the epoch, validation included.</param>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double? ValidationLoss,
    double? ValidationMetric,
    float LearningRate,
    double GradientNorm,
    double Seconds);
