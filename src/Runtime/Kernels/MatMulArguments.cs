using System;

namespace ModelCompiler.Runtime.Kernels;

/// <summary>
/// Up-front checks for the product kernels, so the inner loops can read through unchecked refs: every span must
/// hold every element the kernel will touch.
/// </summary>
internal static class MatMulArguments
{
    /// <summary>Kernels vectorize over n in whole 64-byte blocks; callers pad to this.</summary>
    public const int ColumnMultiple = 16;

    public static void RequireNonNegative(string method, int value, string name)
    {
        if (value < 0) throw new ArgumentException($"{method}: {name} must be ≥ 0, got {value}.", name);
    }

    public static void RequireColumnMultiple(string method, int n)
    {
        if (n % ColumnMultiple != 0)
        {
            throw new ArgumentException($"{method}: n must be a multiple of {ColumnMultiple} (pad the columns), got {n}.", nameof(n));
        }
    }

    public static void RequireStride(string method, string strideName, int stride, string widthName, int width)
    {
        if (stride < width)
        {
            throw new ArgumentException($"{method}: {strideName} must be ≥ {widthName} = {width}, got {stride}.", strideName);
        }
    }

    /// <summary>A [<paramref name="rows"/>][<paramref name="stride"/>] matrix of which the first <paramref name="width"/> columns are used.</summary>
    public static void RequireMatrix(string method, string operand, int actualLength, int rows, int stride, int width)
    {
        long needed = rows == 0 || width == 0 ? 0 : (long)(rows - 1) * stride + width;
        if (actualLength < needed)
        {
            throw new ArgumentException(
                $"{method}: {operand} needs at least {needed} floats ({rows} rows of stride {stride}, {width} columns used), but its span has {actualLength}.",
                operand);
        }
    }

    public static void RequireVector(string method, string operand, int actualLength, int needed)
    {
        if (actualLength < needed)
        {
            throw new ArgumentException($"{method}: {operand} needs at least {needed} floats, but its span has {actualLength}.", operand);
        }
    }
}
