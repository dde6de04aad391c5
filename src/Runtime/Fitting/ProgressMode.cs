namespace ModelCompiler.Runtime.Fitting;

/// <summary>How a <see cref="Trainer"/> shows its progress.</summary>
public enum ProgressMode
{
    /// <summary>A live bar on an interactive terminal; plain lines when output is redirected or in CI.</summary>
    Auto,

    /// <summary>A live Spectre.Console bar (epoch, batch, loss, metric, sequences/s, ETA).</summary>
    Live,

    /// <summary>One line per epoch, plus a line every few seconds inside long epochs.</summary>
    Plain,

    /// <summary>Nothing.</summary>
    None,
}
