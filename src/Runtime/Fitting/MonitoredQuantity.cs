namespace ModelCompiler.Runtime.Fitting;

/// <summary>What early stopping, best-weights tracking and reduce-on-plateau watch after each epoch.</summary>
public enum MonitoredQuantity
{
    /// <summary>The validation loss (the training loss when there is no validation data); lower is better.</summary>
    Loss,

    /// <summary>The validation metric; higher is better for accuracy, lower for RMSE and MAE. Needs validation data.</summary>
    Metric,
}
