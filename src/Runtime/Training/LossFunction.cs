using System;
using ModelCompiler.Runtime.Layers;

namespace ModelCompiler.Runtime.Training;

/// <summary>
/// The losses with PyTorch's <c>mean</c> reduction over every real (unpadded) row — batch, and steps for sequence
/// outputs — and their gradients. Cross-entropy and binary cross-entropy take logits (the activation is fused);
/// MSE and MAE take the layer's outputs. Sums run in double, in row order, so the value is the same on every path.
/// </summary>
internal static class LossFunction
{
    /// <summary>
    /// Returns the loss and writes dL/d<paramref name="values"/> ÷ <paramref name="gradientScale"/> into
    /// <paramref name="gradient"/> (same padded layout; padded rows and columns get 0): every parameter gradient
    /// backpropagated from it is to be multiplied by <paramref name="gradientScale"/> (1 except for MAE). Targets are
    /// batch-first: <c>[batch]</c> or <c>[batch][targetSteps]</c> class indices, or the same with <c>Width</c> floats each.
    /// </summary>
    /// <remarks>
    /// MAE's gradient is ±1/N: summed in float, ±1/N terms leave a residue (~1e-9) where the signs balance and the true
    /// sum, a Dense bias gradient, is 0, and Adam or RMSprop turn that residue into a step of ~0.1 × the learning rate
    /// (PyTorch in float64 takes none). So the rows carry ±2^⌊log2(1/N)⌋, whose sums are exact, and the remaining factor
    /// in [1, 2) is applied to the finished gradients.
    /// </remarks>
    public static float Compute(LossKind kind, ReadOnlySpan<float> values, FeatureLayout layout, bool sequence, in RunContext run, int targetSteps, ReadOnlySpan<int> classTargets, ReadOnlySpan<float> valueTargets, Span<float> gradient, out float gradientScale)
    {
        int batch = run.Batch, width = layout.Width, stride = layout.Padded;
        int realRows = 0;
        for (int b = 0; b < batch; b++) realRows += sequence ? run.Lengths[b] : 1;
        double perRow = kind == LossKind.CrossEntropy ? 1.0 / realRows : 1.0 / ((double)realRows * width);
        double gradientPerRow = kind == LossKind.Mae ? PowerOfTwoAtMost(perRow) : perRow;
        gradientScale = (float)(perRow / gradientPerRow);
        gradient.Clear();
        double total = 0;
        int steps = sequence ? run.Steps : 1;
        for (int t = 0; t < steps; t++)
        {
            for (int b = 0; b < batch; b++)
            {
                if (sequence && !run.IsReal(t, b)) continue;
                int row = t * batch + b;
                int target = sequence ? b * targetSteps + t : b;
                ReadOnlySpan<float> rowValues = values.Slice(row * stride, stride);
                Span<float> rowGradient = gradient.Slice(row * stride, stride);
                total += kind switch
                {
                    LossKind.CrossEntropy => CrossEntropyRow(rowValues, layout, classTargets[target], perRow, rowGradient),
                    _ => ElementwiseRow(kind, rowValues, layout, valueTargets.Slice(target * width, width), gradientPerRow, rowGradient),
                };
            }
        }
        return (float)(total * perRow);
    }

    /// <summary>The largest power of two ≤ <paramref name="value"/> (positive and normal): its mantissa bits cleared.</summary>
    private static double PowerOfTwoAtMost(double value) =>
        BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(value) & unchecked((long)0xFFF0_0000_0000_0000));

    private static double CrossEntropyRow(ReadOnlySpan<float> logits, FeatureLayout layout, int target, double scale, Span<float> gradient)
    {
        double max = double.NegativeInfinity;
        for (int i = 0; i < layout.Width; i++) max = Math.Max(max, logits[layout.ColumnOf(i)]);
        double sum = 0;
        for (int i = 0; i < layout.Width; i++) sum += Math.Exp(logits[layout.ColumnOf(i)] - max);
        for (int i = 0; i < layout.Width; i++)
        {
            int column = layout.ColumnOf(i);
            double probability = Math.Exp(logits[column] - max) / sum;
            gradient[column] = (float)((probability - (i == target ? 1.0 : 0.0)) * scale);
        }
        return Math.Log(sum) - (logits[layout.ColumnOf(target)] - max);
    }

    private static double ElementwiseRow(LossKind kind, ReadOnlySpan<float> values, FeatureLayout layout, ReadOnlySpan<float> targets, double scale, Span<float> gradient)
    {
        double total = 0;
        for (int i = 0; i < layout.Width; i++)
        {
            int column = layout.ColumnOf(i);
            double x = values[column], y = targets[i];
            switch (kind)
            {
                case LossKind.Mse:
                    total += (x - y) * (x - y);
                    gradient[column] = (float)(2 * (x - y) * scale);
                    break;
                case LossKind.Mae:
                    total += Math.Abs(x - y);
                    gradient[column] = (float)(Math.Sign(x - y) * scale);
                    break;
                default: // binary cross-entropy on logits: max(x, 0) − x·y + log(1 + e^−|x|)
                    total += Math.Max(x, 0) - x * y + Math.Log(1 + Math.Exp(-Math.Abs(x)));
                    gradient[column] = (float)((1 / (1 + Math.Exp(-x)) - y) * scale);
                    break;
            }
        }
        return total;
    }
}
