namespace ModelCompiler.Benchmarks.Catalog;

/// <summary>
/// Analytical floating-point operation counts per call. Matrix products count 2 per multiply-add; each
/// bias add, element-wise product or sum counts 1 and each sigmoid/tanh counts 1 (a deliberate under-count,
/// so GFLOP/s is never flattered by cheap activations). Backward is counted as twice the forward.
/// </summary>
public static class FlopCount
{
    /// <summary>One LSTM step: four gates from input and hidden products, two biases, five activations, cell update.</summary>
    public static double LstmStep(int batch, int input, int hidden)
    {
        double products = 2.0 * batch * 4 * hidden * (input + hidden);
        double elementwise = batch * hidden * (4 * 2 + 5 + 4); // biases, activations, c = f·c + i·g, h = o·tanh(c)
        return products + elementwise;
    }

    /// <summary>One GRU step: three gates from input and hidden products, two biases, three activations, blend.</summary>
    public static double GruStep(int batch, int input, int hidden)
    {
        double products = 2.0 * batch * 3 * hidden * (input + hidden);
        double elementwise = batch * hidden * (3 * 2 + 3 + 2 + 3); // biases, activations, r·(Wh+b) and add, (1-z)·n + z·h
        return products + elementwise;
    }

    /// <summary>A Dense layer with bias.</summary>
    public static double Dense(int batch, int input, int units) => batch * units * (2.0 * input + 1);

    /// <summary>Forward, backward (twice the forward) and an Adam update (about 12 operations per parameter).</summary>
    public static double TrainStep(double forward, long parameters) => 3 * forward + 12.0 * parameters;

    /// <summary>LSTM parameter count as PyTorch counts it (two bias vectors).</summary>
    public static long LstmParameters(int input, int hidden) => 4L * hidden * (input + hidden + 2);

    /// <summary>GRU parameter count as PyTorch counts it (two bias vectors).</summary>
    public static long GruParameters(int input, int hidden) => 3L * hidden * (input + hidden + 2);

    /// <summary>Dense parameter count.</summary>
    public static long DenseParameters(int input, int units) => (long)units * (input + 1);
}
