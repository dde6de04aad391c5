using System;
using ModelCompiler.Runtime.Training;

namespace ModelCompiler.Runtime.Layers;

/// <summary>
/// <c>torch.nn.init.orthogonal_</c>: a [rows, columns] matrix whose columns (rows, if it is wider than tall) are
/// orthonormal, the Q of a Gaussian matrix's QR decomposition with R's diagonal positive (which makes it unique, and
/// uniformly distributed over such matrices).
/// </summary>
internal static class OrthogonalMatrix
{
    public static void Fill(Span<float> values, int rows, int columns, DeterministicRandom random)
    {
        // Work on the tall orientation: n orthonormal vectors of length m ≥ n.
        bool wide = rows < columns;
        int m = wide ? columns : rows, n = wide ? rows : columns;
        var q = new double[n][];
        for (int j = 0; j < n; j++)
        {
            q[j] = new double[m];
            for (int i = 0; i < m; i++) q[j][i] = random.NextGaussian();
        }
        for (int j = 0; j < n; j++)
        {
            // Gram–Schmidt against the earlier vectors, twice ("twice is enough" for orthogonality to rounding), then
            // normalized: R's diagonal is the norm, positive, so this is the Q of the sign-corrected QR.
            for (int pass = 0; pass < 2; pass++)
            {
                for (int k = 0; k < j; k++)
                {
                    double dot = 0;
                    for (int i = 0; i < m; i++) dot += q[k][i] * q[j][i];
                    for (int i = 0; i < m; i++) q[j][i] -= dot * q[k][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < m; i++) norm += q[j][i] * q[j][i];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < m; i++) q[j][i] /= norm;
        }
        // Vector j is column j of the tall matrix: element (i, j) of [rows][columns], transposed back if wide.
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < m; i++)
            {
                int row = wide ? j : i, column = wide ? i : j;
                values[row * columns + column] = (float)q[j][i];
            }
        }
    }
}
