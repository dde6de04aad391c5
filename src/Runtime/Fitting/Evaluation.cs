namespace ModelCompiler.Runtime.Fitting;

/// <summary>Loss and metric of a model on a dataset.</summary>
/// <param name="Loss">Mean loss over every real output row (the model's loss function).</param>
/// <param name="Metric">The chosen <see cref="Fitting.Metric"/>'s value.</param>
public readonly record struct Evaluation(double Loss, double Metric);
