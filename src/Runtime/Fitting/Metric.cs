namespace ModelCompiler.Runtime.Fitting;

/// <summary>The quality measure a <see cref="Trainer"/> reports for validation data.</summary>
public enum Metric
{
    /// <summary>The model's own loss (PyTorch <c>mean</c> reduction).</summary>
    Loss,

    /// <summary>Share of correct predictions: arg-max class for CrossEntropy, output above 0.5 (probability) for BinaryCrossEntropy.</summary>
    Accuracy,

    /// <summary>Root mean squared error over every real output value (float targets).</summary>
    Rmse,

    /// <summary>Mean absolute error over every real output value (float targets).</summary>
    Mae,
}
