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
    /// Returns the loss and writes dL/d<paramref name="values"/> into <paramref name="gradient"/> (same padded
    /// layout; padded rows and columns get 0). Targets are batch-first: <c>[batch]</c> or
    /// <c>[batch][targetSteps]</c> class indices, or the same with <c>Width</c> floats each.
    /// </summary>
    public static float Compute(LossKind kind, ReadOnlySpan<float> values, FeatureLayout layout, bool sequence, in RunContext run, int targetSteps, ReadOnlySpan<int> classTargets, ReadOnlySpan<float> valueTargets, Span<float> gradient)
    {
        int batch = run.Batch, width = layout.Width, stride = layout.Padded;
        int realRows = 0;
        for (int b = 0; b < batch; b++) realRows += sequence ? run.Lengths[b] : 1;
        double perRow = kind == LossKind.CrossEntropy ? 1.0 / realRows : 1.0 / ((double)realRows * width);
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
                    _ => ElementwiseRow(kind, rowValues, layout, valueTargets.Slice(target * width, width), perRow, rowGradient),
                };
            }
        }
        return (float)(total * perRow);
    }

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
