namespace ModelCompiler.Runtime.Data;

/// <summary>What a sliding window over a time series is asked to predict.</summary>
public enum WindowTargets
{
    /// <summary>The next <c>horizon</c> values (t+1 … t+h): a multi-output forecast; 1 value when h = 1.</summary>
    NextValues,

    /// <summary>Only the value <c>horizon</c> steps ahead (t+h).</summary>
    ValueAtHorizon,
}
